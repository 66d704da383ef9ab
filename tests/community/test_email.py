"""Notifications reach each person's mailbox as they chose (one email each, a daily digest, or
none), in the recipient's saved language whoever acted, with links that open them in Ponte."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from ponte.accounts.models import EmailDelivery, Role
from ponte.community import services
from ponte.community.models import Notification
from tests.factories import UserFactory


def _conversation(world: dict) -> Any:
    return services.conversation_start(
        title="Bank sampah", local_governments=[world["surabaya"], world["semarang"]]
    )


def test_a_spanish_reader_gets_a_spanish_email_for_an_english_writers_message(
    world: dict, django_capture_on_commit_callbacks: Any
) -> None:
    reader = world["semarang_member"]
    reader.preferred_language = "es"
    reader.save()
    writer = world["surabaya_member"]
    writer.preferred_language = "en"
    writer.save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.message_post(actor=writer, conversation=_conversation(world), body="Hello!")
    assert len(mail.outbox) == 1  # the writer is not told of their own message
    email = mail.outbox[0]
    assert email.to == [reader.email]
    assert email.subject.startswith("Ponte: Nuevo mensaje de Surabaya en “Bank sampah”")
    assert "Hola" in email.body and "New message" not in email.body
    html = email.alternatives[0][0]
    assert '<html lang="es">' in html and "Nuevo mensaje de Surabaya" in html
    # The link opens the notification, which marks it read.
    told = Notification.objects.get(recipient=reader)
    link = f"/community/notifications/{told.pk}/"
    assert link in email.body and f'href="http://127.0.0.1:8000{link}"' in html
    client = Client()
    client.force_login(reader)
    assert client.get(link)["Location"] == f"/community/conversations/{told.url.split('/')[-2]}/"
    told.refresh_from_db()
    assert told.read_at is not None and told.emailed_at is not None


def test_the_daily_digest_groups_unread_notifications_once(world: dict) -> None:
    reader = world["surabaya_member"]
    reader.preferred_language = "pt"
    reader.email_delivery = EmailDelivery.DAILY
    reader.save()
    for text, kind in [("A", "message"), ("B", "message"), ("C", "review"), ("D", "review")]:
        services.notify(recipients=[reader], kind=kind, text=lambda t=text: t, url="/library/")
    assert mail.outbox == []  # nothing goes at once
    Notification.objects.filter(text="D").update(read_at="2026-01-01T00:00Z")
    call_command("digest", "--now", stdout=None)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Ponte: 3 notificações não lidas"
    body = email.body
    # Grouped by kind, headed in the reader's language; the read one is left out.
    assert body.index("== Nova mensagem") < body.index("- A") < body.index("- B")
    assert "== Revisão" in body and "- C" in body and "- D" not in body
    assert len(re.findall(r"/community/notifications/\d+/", body)) == 3
    call_command("digest", "--now", stdout=None)
    assert len(mail.outbox) == 1  # never mailed twice


def test_off_sends_nothing(world: dict, django_capture_on_commit_callbacks: Any) -> None:
    reader = world["semarang_member"]
    reader.email_delivery = EmailDelivery.OFF
    reader.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            actor=world["surabaya_member"], conversation=_conversation(world), body="Hi"
        )
    call_command("digest", "--now", stdout=None)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=reader).count() == 1  # still in the app


def test_immediate_is_the_default_and_the_preference_is_edited_on_the_preferences_page(
    world: dict, django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory(role=Role.MEMBER, local_government=world["semarang"])
    assert person.email_delivery == EmailDelivery.IMMEDIATE
    client = Client()
    client.force_login(person)
    page = client.get("/accounts/preferences/").content.decode()
    assert "Notifications by email" in page and "One email a day" in page
    response = client.post(
        "/accounts/preferences/",
        {"timezone": "UTC", "preferred_language": "id", "email_delivery": "daily"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email_delivery == EmailDelivery.DAILY and person.preferred_language == "id"
