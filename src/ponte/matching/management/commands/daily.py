"""`ponte daily`: queue the daily background work (expire stale needs and offers, send match
digests and the daily digest of notifications, recompute the search's language means).
`ponte worker` queues it once a day by itself (PONTE_PERIODIC_WORK); cron can run this
instead; `--now` runs it inline."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ponte.community.tasks import send_notification_digests_task
from ponte.exchange.tasks import expire_posts_task
from ponte.matching.tasks import queue_daily_work, send_match_digests_task
from ponte.search.tasks import refresh_language_means_task


class Command(BaseCommand):
    help = (
        "Queue the daily tasks: expire stale needs and offers, send match and notification "
        "digests, "
        "recompute the search's language means."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            expired = expire_posts_task.call()
            emails = send_match_digests_task.call()
            emails += send_notification_digests_task.call()
            means = refresh_language_means_task.call()
            self.stdout.write(
                f"Expired {expired} needs and offers; sent {emails} digest emails; "
                f"language means of {len(means)} languages."
            )
            return
        queue_daily_work()
        self.stdout.write(
            "Queued: expiry of stale needs and offers, match digests, notification digests, "
            "language means."
        )
