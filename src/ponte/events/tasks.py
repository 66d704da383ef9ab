"""Background work for events: reminders one day and one hour before (run every few
minutes: `ponte event_reminders`)."""

from __future__ import annotations

from django_tasks import task

from ponte.events.reminders import send_reminders


@task()
def send_event_reminders_task() -> int:
    return send_reminders()
