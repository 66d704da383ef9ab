"""The task queue's upkeep: a database worker that outlives a lost connection and beats, tasks
whose worker died put back in the queue, and the queue's state for `ponte check` and
/health/ready.

Tasks go through Django's tasks API; the backend is django-tasks-db (default) or
django-tasks-rq (Redis). Every Ponte task is safe to run twice (docs/operations.md), which is
what makes re-running the task of a dead worker safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from ponte.core.models import WorkerHeartbeat

logger = logging.getLogger("ponte.queue")

BackendKind = Literal["database", "rq", "immediate"]


class WorkerLost(Exception):  # noqa: N818 (it names what happened, as the task's error)
    """Recorded as the error of a task whose workers kept dying while running it."""


def backend_kind(alias: str = "default") -> BackendKind:
    backend = task_backends[alias]
    if isinstance(backend, DatabaseBackend):
        return "database"
    if type(backend).__module__.startswith("django_tasks_rq"):
        return "rq"
    return "immediate"


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.PONTE_TASK_STALE_SECONDS)


def heartbeat_interval() -> float:
    """Several beats fit in the stale timeout, so one slow beat never looks like a death."""
    return max(0.5, min(30.0, settings.PONTE_TASK_STALE_SECONDS / 4))


def close_connections() -> None:
    """Drop this thread's database connections, broken ones included: the next query
    opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


# Heartbeats and stale tasks (database backend) ---------------------------------------------


def beat(worker_id: str, *, started_at: dt.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )


def live_worker_ids(*, now: dt.datetime | None = None) -> set[str]:
    cutoff = (now or timezone.now()) - stale_after()
    return set(
        WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True)
    )


def _is_stale(task: DBTaskResult[Any, Any], *, alive: set[str], cutoff: dt.datetime) -> bool:
    # A task claimed moments ago by a worker that has not beaten yet is not stale: the
    # started_at age covers it, and covers workers that never beat (plain `db_worker`).
    claimed_by = task.worker_ids[-1] if task.worker_ids else None
    return (task.started_at is None or task.started_at < cutoff) and claimed_by not in alive


def stale_tasks(*, now: dt.datetime | None = None) -> list[DBTaskResult[Any, Any]]:
    """RUNNING tasks whose worker stopped beating more than PONTE_TASK_STALE_SECONDS ago."""
    now = now or timezone.now()
    alive = live_worker_ids(now=now)
    cutoff = now - stale_after()
    return [
        task
        for task in DBTaskResult.objects.running().order_by("started_at")
        if _is_stale(task, alive=alive, cutoff=cutoff)
    ]


@dataclass
class Requeued:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def requeue_stale_tasks(*, now: dt.datetime | None = None) -> Requeued:
    """Put back in the queue the tasks of dead workers; a task that has already been claimed
    PONTE_TASK_MAX_ATTEMPTS times fails instead (it may be what kills its workers)."""
    now = now or timezone.now()
    report = Requeued()
    alive = live_worker_ids(now=now)
    cutoff = now - stale_after()
    with exclusive_transaction(DBTaskResult.objects.db):
        candidates = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for task in candidates:
            if not _is_stale(task, alive=alive, cutoff=cutoff):
                continue
            attempts = len(task.worker_ids)
            if attempts >= settings.PONTE_TASK_MAX_ATTEMPTS:
                task.set_failed(
                    WorkerLost(
                        f"{attempts} workers stopped while running this task; "
                        "it is not tried again."
                    )
                )
                report.failed.append(str(task.id))
                logger.error(
                    "Task %s (%s) failed: %d workers died running it.",
                    task.id,
                    task.task_path,
                    attempts,
                )
            else:
                _put_back(task)
                report.requeued.append(str(task.id))
                logger.warning(
                    "Task %s (%s) was left running by worker %s, which stopped; re-queued.",
                    task.id,
                    task.task_path,
                    task.worker_ids[-1] if task.worker_ids else "?",
                )
        # Workers killed long ago leave rows nobody will update again.
        WorkerHeartbeat.objects.filter(last_seen__lt=now - 10 * stale_after()).delete()
    return report


def requeue_claimed_by(worker_id: str) -> list[str]:
    """A worker that lost its database while running a task could not record the outcome;
    once reconnected, it puts that task back (it runs one task at a time, so any task still
    RUNNING under its id is such a task)."""
    ids = []
    with exclusive_transaction(DBTaskResult.objects.db):
        for task in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            if task.worker_ids and task.worker_ids[-1] == worker_id:
                _put_back(task)
                ids.append(str(task.id))
                logger.warning(
                    "Task %s (%s) re-queued after a lost connection.", task.id, task.task_path
                )
    return ids


def _put_back(task: DBTaskResult[Any, Any]) -> None:
    DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )


class Worker(DatabaseWorker):
    """django-tasks-db's worker, made to survive a dropped database connection (it reconnects
    with a growing pause instead of exiting) and to beat, so that the tasks of a worker that
    died are taken over by the others."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stopping = threading.Event()
        self._started_at = timezone.now()

    def run(self) -> None:
        heart = threading.Thread(target=self._beat, name="ponte-worker-heartbeat", daemon=True)
        heart.start()
        pause = 1.0
        try:
            while True:
                began = time.monotonic()
                try:
                    requeue_claimed_by(self.worker_id)
                    super().run()
                    return
                except (OperationalError, InterfaceError) as exc:
                    if not self.running:
                        return
                    if time.monotonic() - began > 60:
                        pause = 1.0
                    logger.warning(
                        "Worker %s lost the database (%s); reconnecting in %.0f s.",
                        self.worker_id,
                        str(exc).strip().splitlines()[0]
                        if str(exc).strip()
                        else type(exc).__name__,
                        pause,
                    )
                    close_connections()
                    self.startup_delay = False
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
        finally:
            self._stopping.set()
            heart.join(timeout=5)
            with contextlib.suppress(DatabaseError):  # if not, it goes stale by itself
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _beat(self) -> None:
        """In its own thread (and so its own database connection): beat, then put back the
        tasks of workers that stopped beating."""
        every = heartbeat_interval()
        try:
            while not self._stopping.is_set():
                try:
                    beat(self.worker_id, started_at=self._started_at)
                    requeue_stale_tasks()
                except DatabaseError as exc:
                    logger.debug("Heartbeat of %s missed: %s", self.worker_id, exc)
                    close_connections()
                self._stopping.wait(every)
        finally:
            close_connections()


# The queue's state -----------------------------------------------------------------------


@dataclass(frozen=True)
class StuckTask:
    id: str
    name: str
    started_at: dt.datetime | None


@dataclass(frozen=True)
class QueueStatus:
    backend: BackendKind
    ready: int = 0
    oldest_ready: dt.datetime | None = None
    running: int = 0
    failed: int = 0
    stuck: list[StuckTask] = field(default_factory=list)
    workers: int | None = None  # live workers, where the backend can tell

    def age(self, now: dt.datetime | None = None) -> dt.timedelta | None:
        if self.oldest_ready is None:
            return None
        return max(dt.timedelta(0), (now or timezone.now()) - self.oldest_ready)


def queue_status(*, now: dt.datetime | None = None, alias: str = "default") -> QueueStatus:
    now = now or timezone.now()
    kind = backend_kind(alias)
    if kind == "database":
        return _database_status(now)
    if kind == "rq":
        return _rq_status(now, alias)
    return QueueStatus(backend=kind)


def _database_status(now: dt.datetime) -> QueueStatus:
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return QueueStatus(
        backend="database",
        ready=ready.count(),
        oldest_ready=oldest,
        running=DBTaskResult.objects.running().count(),
        failed=DBTaskResult.objects.failed().count(),
        stuck=[
            StuckTask(id=str(task.id), name=task.task_name, started_at=task.started_at)
            for task in stale_tasks(now=now)
        ],
        workers=len(live_worker_ids(now=now)),
    )


def _rq_status(now: dt.datetime, alias: str) -> QueueStatus:
    import django_rq
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    ready = running = failed = 0
    oldest: dt.datetime | None = None
    stuck: list[StuckTask] = []
    cutoff = now - stale_after()
    for name in sorted(task_backends[alias].queues):
        queue = django_rq.get_queue(name)
        ready += queue.count
        first = queue.get_jobs(0, 1)
        if first and first[0].enqueued_at is not None:
            enqueued = _aware(first[0].enqueued_at)
            oldest = enqueued if oldest is None else min(oldest, enqueued)
        started = StartedJobRegistry(queue=queue)
        running += started.count
        failed += FailedJobRegistry(queue=queue).count
        for job in queue.job_class.fetch_many(started.get_job_ids(), connection=queue.connection):
            if job is not None and job.started_at and _aware(job.started_at) < cutoff:
                stuck.append(
                    StuckTask(
                        id=job.id, name=job.func_name or "?", started_at=_aware(job.started_at)
                    )
                )
    return QueueStatus(
        backend="rq", ready=ready, oldest_ready=oldest, running=running, failed=failed, stuck=stuck
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


def ping(alias: str = "default") -> None:
    """Raise if the queue cannot be reached (for /health/ready)."""
    kind = backend_kind(alias)
    if kind == "database":
        DBTaskResult.objects.exists()
    elif kind == "rq":
        import django_rq

        for name in sorted(task_backends[alias].queues):
            django_rq.get_connection(name).ping()
