"""`ponte check`: Django's system checks, then the health of the search index and its backends,
and of the task queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as DjangoCheck
from django.db import DatabaseError
from redis.exceptions import RedisError

from ponte.core.queue import QueueStatus, queue_status
from ponte.search.models import LanguageMean, SearchDocument
from ponte.search.vectors import ProcessStore, language_centring, vector_store


def centring_status() -> str:
    means = {row.language: row.documents for row in LanguageMean.objects.all()}
    if settings.PONTE_SEARCH_LANGUAGE_CENTRING == 0:
        return "Language centring: off (PONTE_SEARCH_LANGUAGE_CENTRING=0)."
    if not means:
        return (
            "Language centring: no language means yet; "
            "`ponte reindex` or `ponte daily` computes them."
        )
    used = sorted(language_centring().offsets)
    listed = ", ".join(f"{lang} {n}" for lang, n in sorted(means.items()))
    return (
        f"Language centring: means of {listed} documents; applied to "
        f"{', '.join(used) or 'none'} (at least "
        f"{settings.PONTE_SEARCH_CENTRING_MIN_DOCUMENTS} documents each, two languages)."
    )


def vector_store_status() -> tuple[str, bool]:
    """Which vector store answers semantic search and why; False if it lacks vectors."""
    store = vector_store()
    line = f"Vectors: {store.note}"
    if isinstance(store, ProcessStore):
        return line, not store.uninitialised
    expected = SearchDocument.objects.filter(is_public=True, embedding__isnull=False).count()
    stored = len(store.index())
    if stored == expected:
        return f"{line} {stored} vectors.", True
    return f"{line} {stored} vectors for {expected} documents. Run `ponte reindex`.", False


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def queue_lines(status: QueueStatus) -> list[tuple[str, bool]]:
    """The queue's state as lines, each with whether it is healthy."""
    if status.backend == "immediate":
        return [("Queue: tasks run as soon as they are queued (no worker needed).", True)]
    age = status.age()
    waiting = f", the oldest waiting {_duration(age.total_seconds())}" if age else ""
    workers = (
        f"; {status.workers} worker{'s' if status.workers != 1 else ''} alive"
        if status.workers is not None
        else ""
    )
    lines = [
        (
            f"Queue ({status.backend}): {status.ready} ready{waiting}; {status.running} running; "
            f"{status.failed} failed{workers}.",
            True,
        )
    ]
    stale = settings.PONTE_TASK_STALE_SECONDS
    if age is not None and age.total_seconds() > stale:
        lines.append(
            (
                f"Queue: tasks have waited longer than {_duration(stale)} "
                "(PONTE_TASK_STALE_SECONDS): is `ponte worker` running?",
                False,
            )
        )
    if status.stuck:
        listed = "; ".join(
            f"{task.id} {task.name}"
            + (f" since {task.started_at:%Y-%m-%d %H:%M} UTC" if task.started_at else "")
            for task in status.stuck[:5]
        )
        lines.append(
            (
                f"Queue: {len(status.stuck)} stuck (running, their worker stopped): {listed}. "
                "A running `ponte worker` puts them back in the queue.",
                False,
            )
        )
    return lines


class Command(DjangoCheck):
    help = (
        "Run Django's system checks, then report search index health (missing, stale items) "
        "and the task queue (age of the oldest ready task, stuck tasks)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--index-strict", action="store_true", help="Exit 1 if the index is not healthy."
        )
        parser.add_argument(
            "--queue-strict",
            action="store_true",
            help="Exit 1 if tasks are stuck or have waited longer than PONTE_TASK_STALE_SECONDS.",
        )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        super().handle(*app_labels, **options)
        from ponte.search.services import index_health

        try:
            report = index_health()
            vectors_line, vectors_healthy = vector_store_status()
            centring_line = centring_status()
            try:
                queue = queue_lines(queue_status())
            except RedisError as exc:  # the RQ backend's Redis
                queue = [(f"Queue: Redis cannot be reached ({exc}).", False)]
        except DatabaseError as exc:
            raise CommandError(
                f"The database is not ready ({exc}); run `ponte init` first."
            ) from exc
        self.stdout.write(vectors_line if vectors_healthy else self.style.WARNING(vectors_line))
        self.stdout.write(centring_line)
        self.stdout.write(f"Lexical search: {settings.PONTE_SEARCH_BACKEND.rsplit('.', 1)[-1]}.")
        healthy = vectors_healthy
        for health in report:
            line = f"Index {health.type}: {health.indexed}/{health.expected} documents"
            problems = []
            if health.missing:
                problems.append(
                    f"{len(health.missing)} missing (e.g. {', '.join(health.missing[:3])})"
                )
            if health.stale:
                problems.append(f"{len(health.stale)} stale (e.g. {', '.join(health.stale[:3])})")
            if health.orphans:
                problems.append(f"{len(health.orphans)} orphaned")
            if problems:
                healthy = False
                self.stdout.write(
                    self.style.WARNING(f"{line}; {'; '.join(problems)}. Run `ponte reindex`.")
                )
            else:
                self.stdout.write(f"{line}: healthy.")
        queue_healthy = True
        for line, fine in queue:
            self.stdout.write(line if fine else self.style.WARNING(line))
            queue_healthy = queue_healthy and fine
        if not healthy and options["index_strict"]:
            raise CommandError("The search index is not healthy.")
        if not queue_healthy and options["queue_strict"]:
            raise CommandError("The task queue is not healthy.")
