"""The inbox: each conversation titled with the other party, newest first, with its unread
messages; opening one reads them; a message refused shows its error next to the field."""

from __future__ import annotations

from typing import Any

from django.test import Client

from ponte.community import services
from ponte.community.models import Message


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_lists_conversations_with_the_other_party_and_unread_counts(
    world: dict,
) -> None:
    older = services.conversation_start(
        title="Bank sampah", local_governments=[world["surabaya"], world["semarang"]]
    )
    newer = services.conversation_start(
        title="Training", local_governments=[world["surabaya"]], networks=[world["merco"]]
    )
    for body in ("One", "Two"):
        services.message_post(actor=world["semarang_member"], conversation=older, body=body)
    services.message_post(actor=world["merco_staff"], conversation=newer, body="Hi")
    client = _client(world["surabaya_member"])
    page = client.get("/community/conversations/").content.decode()
    # Titled with the other party, newest activity first, with unread counts.
    assert page.index(">MERCOCIUDADES</a>") < page.index(">Semarang</a>")
    assert f'<a href="/community/conversations/{older.pk}/">Semarang</a> ' in page
    assert "2 unread" in page and "1 unread" in page
    # The header counts unread messages; reading a conversation clears its count.
    assert 'Inbox <span class="badge">3<' in page
    client.get(f"/community/conversations/{older.pk}/")
    page = client.get("/community/conversations/").content.decode()
    assert "2 unread" not in page and 'Inbox <span class="badge">1<' in page
    # The other side sees Surabaya as the other party.
    assert (
        ">Surabaya</a>"
        in _client(world["semarang_member"]).get("/community/conversations/").content.decode()
    )


def test_a_refused_message_shows_its_error_in_place(world: dict) -> None:
    found = services.conversation_start(
        title="Bank sampah", local_governments=[world["surabaya"], world["semarang"]]
    )
    client = _client(world["surabaya_member"])
    url = f"/community/conversations/{found.pk}/"
    response = client.post(url, {"body": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422  # swapped in place by htmx (base.html)
    fragment = response.content.decode()
    assert fragment.startswith('<section id="thread"')
    assert 'id="message-body-error" role="alert">Write a message.' in fragment
    assert 'aria-describedby="message-body-error"' in fragment
    assert not Message.objects.exists()
    # Without htmx the page itself says it, next to the field, with 400.
    page = client.post(url, {"body": ""})
    assert page.status_code == 400 and "Write a message." in page.content.decode()
    sent = client.post(url, {"body": "Hello"}, HTTP_HX_REQUEST="true")
    assert sent.status_code == 200 and "Hello" in sent.content.decode()
    assert Message.objects.count() == 1
