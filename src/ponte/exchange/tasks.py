"""Background work for the exchange: expiry of stale needs and offers."""

from __future__ import annotations

from django_tasks import task

from ponte.exchange import services


@task()
def expire_posts_task() -> int:
    return services.expire_posts()
