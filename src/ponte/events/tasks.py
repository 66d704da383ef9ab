"""Background work for events: reminders one day and one hour before (run every few
minutes: `ponte event_reminders`), and the emails of invitations, changes, cancellations and
seats come free, with the event's .ics attached (enqueued as they happen)."""

from __future__ import annotations

from django_tasks import task

from ponte.events.emails import send_event_emails
from ponte.events.reminders import send_reminders


@task()
def send_event_reminders_task() -> int:
    return send_reminders()


@task()
def send_event_emails_task(event_id: int, ids: list[int]) -> int:
    return send_event_emails(event_id=event_id, ids=ids)
