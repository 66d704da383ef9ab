"""`ponte digest`: email each person who chose the daily digest their unread notifications
(also part of `ponte daily`); `--now` runs it in this process instead of queueing it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ponte.community.tasks import send_notification_digests_task


class Command(BaseCommand):
    help = "Email the daily digest of unread notifications to those who chose it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            emails = send_notification_digests_task.call()
            self.stdout.write(f"Sent {emails} digest emails.")
            return
        send_notification_digests_task.enqueue()
        self.stdout.write("Queued: the daily digest of notifications.")
