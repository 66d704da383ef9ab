"""Background work for matching: the digest of new matches (run daily, e.g. by `ponte daily`)."""

from __future__ import annotations

from django_tasks import task

from ponte.matching import services


@task()
def send_match_digests_task() -> int:
    return services.send_digests()
