"""Invitations, changes, cancellations and seats come free reach people by email too, in
their saved language, with the event's .ics attached, as each chose to receive email."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.core import mail

from ponte.accounts.models import EmailDelivery, User
from ponte.accounts.permissions import SYSTEM
from ponte.community.models import Notification
from ponte.community.services import send_notification_digests
from ponte.events import services
from ponte.events.models import Event, Registration
from ponte.events.tasks import send_event_emails_task
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.django_db


def _spanish(ew: EventWorld, delivery: str = EmailDelivery.IMMEDIATE) -> User:
    person = ew.people(1, prefix="lucia")[0]
    person.preferred_language = "es"
    person.email_delivery = delivery
    person.save()
    return person


def _ics(message: Any) -> icalendar.Calendar:
    name, content, kind = message.attachments[0]
    assert name.endswith(".ics") and kind == "text/calendar"
    return icalendar.Calendar.from_ical(content)


def test_a_change_is_emailed_in_spanish_with_a_newer_calendar_sequence(
    ew: EventWorld, django_capture_on_commit_callbacks: Any
) -> None:
    event = ew.event()
    lucia = _spanish(ew)
    services.registration_create(actor=lucia, event=event)
    sequence_before = event.sequence
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            actor=SYSTEM,
            event=event,
            version=event.version,
            data={"starts_at": event.starts_at + timedelta(hours=1)},
        )
    [email] = mail.outbox
    assert email.to == [lucia.email]
    assert (
        email.subject
        == f"Ponte: «{event.title}» ha cambiado: revise la hora, el lugar y el enlace."
    )
    assert "Abra el archivo de calendario adjunto" in email.body
    assert "Enlace de la reunión: https://meet.example.org/climate-finance" in email.body
    cal = _ics(email)
    assert str(cal["METHOD"]) == "PUBLISH"
    vevent = cal.walk("VEVENT")[0]
    assert int(vevent["SEQUENCE"]) > sequence_before
    assert vevent.decoded("DTSTART") == event.starts_at + timedelta(hours=1)
    assert "meet.example.org" in str(vevent["LOCATION"])
    # The in-app notification is there too, already counted as emailed.
    told = Notification.objects.get(recipient=lucia)
    assert told.emailed_at is not None
    # Running the task again mails nobody twice.
    assert send_event_emails_task.call(event.pk, [told.pk]) == 0


def test_a_cancellation_is_emailed_as_a_cancelled_calendar_event(
    ew: EventWorld, django_capture_on_commit_callbacks: Any
) -> None:
    event = ew.event()
    lucia = _spanish(ew)
    services.registration_create(actor=lucia, event=event)
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.event_cancel(actor=SYSTEM, event=event, reason="Tormenta")
    [email] = mail.outbox
    assert "Tormenta" in email.subject and "está cancelado" in email.subject
    assert "Enlace de la reunión" not in email.body
    cal = _ics(email)
    assert str(cal["METHOD"]) == "CANCEL"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert int(vevent["SEQUENCE"]) == cancelled.sequence > event.sequence


def test_invitation_and_a_seat_come_free_are_emailed(
    ew: EventWorld, django_capture_on_commit_callbacks: Any
) -> None:
    event = ew.event(capacity=1, waiting_list=True, registration="invitation")
    first, second = ew.people(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(actor=SYSTEM, event=event, users=[first, second])
    assert sorted(m.to[0] for m in mail.outbox) == [first.email, second.email]
    assert all(m.subject == f"Ponte: You are invited to “{event.title}”." for m in mail.outbox)
    # Not registered yet: no meeting link in the invitation or its calendar file.
    assert "meet.example.org" not in mail.outbox[0].body
    assert "meet.example.org" not in mail.outbox[0].attachments[0][1]

    services.registration_create(actor=first, event=event)
    waiting = services.registration_create(actor=second, event=event)
    assert waiting.status == Registration.Status.WAITING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=first, event=event)
    [email] = mail.outbox
    assert email.to == [second.email]
    assert "A seat came free" in email.subject
    vevent = _ics(email).walk("VEVENT")[0]
    assert "meet.example.org" in str(vevent["LOCATION"])


def test_email_preferences_are_honoured(
    ew: EventWorld, django_capture_on_commit_callbacks: Any
) -> None:
    event = ew.event()
    off = _spanish(ew, EmailDelivery.OFF)
    daily = ew.people(1, prefix="daily")[0]
    daily.email_delivery = EmailDelivery.DAILY
    daily.save()
    for person in (off, daily):
        services.registration_create(actor=person, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=SYSTEM, event=Event.objects.get(pk=event.pk))
    assert mail.outbox == []
    assert Notification.objects.filter(recipient__in=[off, daily]).count() == 2
    # The daily digest carries it; "off" never gets an email.
    assert send_notification_digests() == 1
    assert [m.to for m in mail.outbox] == [[daily.email]]
