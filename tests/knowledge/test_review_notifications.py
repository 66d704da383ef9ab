"""The review loop tells each person what waits for them, in their own language, with a link
to the page where they act: reviewers of a submission, authors of a return (with the
comment) and of a publication; likewise for needs."""

from __future__ import annotations

from django.test import Client

from ponte.community.models import Notification
from ponte.exchange import services as exchange
from ponte.knowledge import services
from tests.factories import ItemFactory


def _texts(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Notification.objects.filter(recipient=user, kind="review")
        .order_by("pk")
        .values_list("text", flat=True)
    )


def test_submit_return_resubmit_publish_tells_each_side(world: dict) -> None:
    author, reviewer = world["surabaya_member"], world["aspac_staff"]
    author.preferred_language = "id"
    author.save()
    reviewer.preferred_language = "es"
    reviewer.save()
    item = ItemFactory(owner=world["surabaya"], status="draft", title="Bank sampah")

    services.item_transition(actor=author, item=item, action="submit")
    assert _texts(reviewer) == ["«Bank sampah» espera tu revisión"]
    assert not _texts(world["merco_staff"])  # Surabaya is not a MERCOCIUDADES member
    notice = Notification.objects.get(recipient=reviewer)
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    assert "Bank sampah" in reviewer_client.get(notice.url).content.decode()

    services.item_transition(
        actor=reviewer, item=item, action="return", comment="Añade los resultados medidos."
    )
    assert _texts(author) == [
        "“Bank sampah” dikembalikan kepada Anda: Añade los resultados medidos."
    ]
    services.item_transition(actor=author, item=item, action="submit")
    assert len(_texts(reviewer)) == 2
    services.item_transition(actor=reviewer, item=item, action="publish")
    assert _texts(author)[-1] == "“Bank sampah” sudah terbit"
    # The reviewer is not told of their own moves.
    assert len(_texts(reviewer)) == 2


def test_a_need_is_submitted_approved_and_its_authors_told(world: dict) -> None:
    author, reviewer = world["surabaya_member"], world["aspac_staff"]
    need = exchange.need_create(
        actor=author,
        local_government=world["surabaya"],
        data={"title": "Flood sensors", "description": "We need help.", "language": "en"},
    )
    exchange.post_transition(actor=author, post=need, action="submit")
    assert _texts(reviewer) == ["“Flood sensors” is waiting for your review"]
    exchange.post_transition(actor=reviewer, post=need, action="approve")
    assert _texts(author) == ["“Flood sensors” is open: others can now see and answer it"]
    assert Notification.objects.filter(recipient=author).get().url == f"/exchange/needs/{need.pk}/"
