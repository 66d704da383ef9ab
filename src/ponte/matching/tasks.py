"""Background work for matching: the digest of new matches, and the day's work of the apps
below (queued once a day by `ponte worker`, or by `ponte daily` from cron)."""

from __future__ import annotations

from django_tasks import task

from ponte.community.tasks import send_notification_digests_task
from ponte.exchange.tasks import expire_posts_task
from ponte.matching import services
from ponte.search.tasks import refresh_language_means_task


@task()
def send_match_digests_task() -> int:
    return services.send_digests()


def queue_daily_work() -> None:
    """Expire stale needs and offers, send the match digests and then the notification
    digests (whose match notifications the first have already mailed), recompute the
    search's language means."""
    expire_posts_task.enqueue()
    send_match_digests_task.enqueue()
    send_notification_digests_task.enqueue()
    refresh_language_means_task.enqueue()
