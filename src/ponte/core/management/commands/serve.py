"""`ponte serve`: serve Ponte, with a background worker for its tasks (search indexing)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Ponte over HTTP (production runs a WSGI server on ponte.wsgi instead)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start a task worker alongside."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["host"]
        address = f"[{host}]" if ":" in host else host
        worker = None
        # With the database task backend, someone must run the queue: on the embedded
        # default that is a worker process started (and stopped) with the server.
        if not options["no_worker"] and settings.TASKS["default"]["BACKEND"].endswith(
            "DatabaseBackend"
        ):
            worker = subprocess.Popen([sys.executable, "-m", "ponte.cli", "db_worker"])  # noqa: S603
        self.stdout.write(f"Ponte is at http://{address}:{options['port']}/ (Ctrl+C stops it)")
        try:
            # Whitenoise serves static files, so runserver's own static handling is not needed.
            call_command(
                "runserver", f"{address}:{options['port']}", use_reloader=False, use_threading=True
            )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
