"""Periodic work queued by the workers themselves (core/schedule.py): nobody has to set up a
timer for reminders and digests to go out, and several workers queue each job once."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from ponte.core.models import PeriodicRun
from ponte.core.schedule import Periodic, periodic_work, queue_due_work, start_periodic_work


def test_the_apps_declare_their_periodic_work() -> None:
    every = {key: job.every for key, job in periodic_work.items()}
    assert every == {"daily": timedelta(days=1), "events.reminders": timedelta(minutes=5)}


@pytest.mark.django_db
def test_each_job_is_queued_once_per_period_whoever_looks() -> None:
    now = timezone.now()
    assert queue_due_work(now=now) == ["daily", "events.reminders"]
    # A second worker looking at the same moment, or a minute later, finds nothing due.
    assert queue_due_work(now=now) == []
    assert queue_due_work(now=now + timedelta(minutes=1)) == []
    assert queue_due_work(now=now + timedelta(minutes=5)) == ["events.reminders"]
    assert queue_due_work(now=now + timedelta(days=1)) == ["daily", "events.reminders"]
    assert PeriodicRun.objects.get(name="daily").last_queued_at == now + timedelta(days=1)


@pytest.mark.django_db
def test_a_job_that_fails_to_queue_is_not_marked_as_queued(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise RuntimeError("queue unreachable")

    entries = periodic_work._entries
    monkeypatch.setattr(
        periodic_work,
        "_entries",
        [(o, k, Periodic(every=e.every, enqueue=broken)) for o, k, e in entries if k == "daily"],
    )
    with pytest.raises(RuntimeError):
        queue_due_work()
    assert PeriodicRun.objects.get(name="daily").last_queued_at is None


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_queues_due_work_when_the_deployment_wants_it() -> None:
    with override_settings(PONTE_PERIODIC_WORK=False):
        assert start_periodic_work() is None
    with override_settings(PONTE_PERIODIC_WORK=True):
        stop = start_periodic_work()
        assert stop is not None
        try:
            deadline = time.monotonic() + 20
            while PeriodicRun.objects.filter(last_queued_at__isnull=False).count() < 2:
                assert time.monotonic() < deadline, "the periodic work was never queued"
                time.sleep(0.1)
        finally:
            stop.set()
