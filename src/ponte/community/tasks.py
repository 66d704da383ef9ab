"""Background work for the community: notification emails, one by one as they happen and the
daily digest (run daily by `ponte daily` or `ponte digest`)."""

from __future__ import annotations

from django_tasks import task

from ponte.community import services


@task()
def send_notification_emails_task(ids: list[int]) -> int:
    return services.send_notification_emails(ids=ids)


@task()
def send_notification_digests_task() -> int:
    return services.send_notification_digests()
