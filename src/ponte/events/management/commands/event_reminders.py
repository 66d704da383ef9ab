"""`ponte event_reminders`: queue the reminders due now (one day and one hour before each
event). Run it every few minutes from cron or a systemd timer; `--now` runs it inline."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ponte.events.tasks import send_event_reminders_task


class Command(BaseCommand):
    help = "Queue the event reminders due now (one day and one hour before)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(f"Sent {send_event_reminders_task.call()} reminders.")
            return
        send_event_reminders_task.enqueue()
        self.stdout.write("Queued: event reminders.")
