"""`ponte worker`: run the task queue (indexing, digests, expiry) until stopped."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import get_random_string
from django_tasks.base import DEFAULT_TASK_QUEUE_NAME

from ponte.core import queue, schedule


class Command(BaseCommand):
    help = (
        "Run the task queue: the database worker (reconnects after a lost connection and "
        "takes over the tasks of workers that died) or an RQ worker, per PONTE_TASKS_BACKEND."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to run, comma-separated (default: %(default)s).",
        )
        parser.add_argument(
            "--batch",
            "--burst",
            action="store_true",
            dest="batch",
            help="Run what is queued now, then stop.",
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Stop after this many tasks."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty queue (database backend).",
        )
        parser.add_argument(
            "--worker-id", default="", help="A name unique across workers (default: random)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["max_tasks"] is not None and options["max_tasks"] < 1:
            raise CommandError("--max-tasks must be 1 or more.")
        if options["interval"] < 0:
            raise CommandError("--interval must be 0 or more.")
        if len(options["worker_id"]) > 64:
            raise CommandError("--worker-id must be at most 64 characters.")
        queues = [name.strip() for name in options["queue_name"].split(",") if name.strip()]
        kind = queue.backend_kind()
        if kind != "immediate" and not options["batch"]:
            # Event reminders, the daily digests: queued when due, once across all workers (a
            # --burst run only empties the queue it finds).
            schedule.start_periodic_work()
        if kind == "database":
            worker = queue.Worker(
                queue_names=queues,
                interval=options["interval"],
                batch=options["batch"],
                backend_name="default",
                startup_delay=not options["batch"],
                max_tasks=options["max_tasks"],
                worker_id=options["worker_id"] or get_random_string(32),
                excluded_queue_names=[],
            )
            # SIGTERM/SIGINT: finish the task in hand, then stop (a second signal stops now).
            worker.configure_signals()
            worker.run()
        elif kind == "rq":
            # RQ's worker forks a process per task, keeps its own heartbeat and moves the jobs
            # of dead workers out of the started registry by itself.
            call_command(
                "rqworker",
                *queues,
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                burst=options["batch"],
                max_jobs=options["max_tasks"],
                name=options["worker_id"] or None,
                verbosity=options["verbosity"],
            )
        else:
            raise CommandError(
                "The task backend runs tasks as they are queued; there is no queue to work. "
                "Set PONTE_TASKS_BACKEND to django_tasks_db.DatabaseBackend or "
                "django_tasks_rq.RQBackend."
            )
