"""Periodic work without cron: an app declares what must be queued every so often (event
reminders every few minutes, the daily digests once a day) and every `ponte worker` queues it
when it is due, so that nobody waits on a timer an operator forgot to set up.

Several workers may run at once; each job is queued once per period all the same: a worker
claims it with one conditional UPDATE of the job's row (the database lets only one such
update match), in the transaction that queues it. Deployments that prefer cron or a systemd
timer turn this off with PONTE_PERIODIC_WORK=false and run `ponte daily` and
`ponte event_reminders` themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from ponte.core.models import PeriodicRun
from ponte.core.queue import close_connections
from ponte.core.slots import Slot

logger = logging.getLogger("ponte.queue")


@dataclass(frozen=True)
class Periodic:
    """Queue `enqueue()`'s work every `every` (it queues tasks; it does not do the work)."""

    every: dt.timedelta
    enqueue: Callable[[], object]


periodic_work: Slot[Periodic] = Slot("core.periodic_work")


def queue_due_work(*, now: dt.datetime | None = None) -> list[str]:
    """Queue every periodic job whose period has passed since it was last queued (by any
    worker); returns the keys of the jobs this call queued."""
    now = now or timezone.now()
    queued = []
    for key, job in periodic_work.items():
        PeriodicRun.objects.get_or_create(name=key)
        with transaction.atomic():
            claimed = (
                PeriodicRun.objects.filter(name=key)
                .filter(Q(last_queued_at__isnull=True) | Q(last_queued_at__lte=now - job.every))
                .update(last_queued_at=now)
            )
            if not claimed:
                continue
            job.enqueue()
        logger.info("Queued the periodic job %s.", key)
        queued.append(key)
    return queued


def run_periodic_work(stop: threading.Event, *, every: float = 30.0) -> None:
    """A worker's side thread: look for due jobs every `every` seconds until `stop` is set. A
    lost database is only a missed look (the next one tries again)."""
    try:
        while not stop.is_set():
            try:
                queue_due_work()
            except DatabaseError as exc:
                logger.debug("Periodic work not looked at: %s", exc)
                close_connections()
            stop.wait(every)
    finally:
        close_connections()


def start_periodic_work() -> threading.Event | None:
    """Start the periodic-work thread if this deployment wants it (PONTE_PERIODIC_WORK);
    returns the event that stops it."""
    if not settings.PONTE_PERIODIC_WORK or not len(periodic_work):
        return None
    stop = threading.Event()
    threading.Thread(
        target=run_periodic_work, args=(stop,), name="ponte-periodic-work", daemon=True
    ).start()
    return stop
