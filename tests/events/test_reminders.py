"""Reminders a day and an hour before, each sent once, in the recipient's language, with the
.ics attached."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ponte.core.schedule import queue_due_work
from ponte.events import services
from ponte.events.reminders import send_reminders
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.django_db


def test_reminders_go_once_a_day_and_an_hour_before_in_each_language(ew: EventWorld) -> None:
    now = timezone.now()
    event = ew.event(starts_at=now + timedelta(hours=23), ends_at=now + timedelta(hours=25))
    services.registration_create(actor=ew.sao_paulo_member, event=event)
    services.registration_create(actor=ew.jakarta_member, event=event)
    ew.sao_paulo_member.timezone = "America/Sao_Paulo"
    ew.sao_paulo_member.save()

    assert send_reminders(now) == 2
    assert send_reminders(now) == 0
    joao = next(m for m in mail.outbox if m.to == [ew.sao_paulo_member.email])
    assert joao.subject.startswith("Amanhã:")
    assert "America/Sao_Paulo" in joao.body
    assert "Link da reunião: https://meet.example.org/climate-finance" in joao.body
    name, content, kind = joao.attachments[0]
    assert name.endswith(".ics") and kind == "text/calendar"
    vevent = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert "meet.example.org" in str(vevent["LOCATION"])
    sari = next(m for m in mail.outbox if m.to == [ew.jakarta_member.email])
    assert sari.subject.startswith("Besok:")

    later = now + timedelta(hours=22, minutes=30)
    assert send_reminders(later) == 2
    assert send_reminders(later) == 0
    assert any(m.subject.startswith("Em uma hora:") for m in mail.outbox)
    assert len(mail.outbox) == 4


def test_no_day_reminder_when_less_than_an_hour_is_left(ew: EventWorld) -> None:
    now = timezone.now()
    event = ew.event(starts_at=now + timedelta(minutes=30), ends_at=now + timedelta(hours=1))
    services.registration_create(actor=ew.manila_member, event=event)
    call_command("event_reminders", "--now")
    assert [m.subject for m in mail.outbox] == [f"In one hour: {event.title}"]


def test_a_due_reminder_goes_out_without_anyone_running_a_command(ew: EventWorld) -> None:
    now = timezone.now()
    event = ew.event(starts_at=now + timedelta(hours=23), ends_at=now + timedelta(hours=24))
    services.registration_create(actor=ew.jakarta_member, event=event)

    # The test settings run tasks as they are queued: queuing is sending here.
    assert queue_due_work(now=now) == ["daily", "events.reminders"]
    assert [m.to for m in mail.outbox if m.subject.startswith("Besok:")] == [
        [ew.jakarta_member.email]
    ]
