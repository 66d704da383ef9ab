"""`ponte serve`: serve Ponte with static files, for the demo and small installations."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Ponte over HTTP (production runs a WSGI server on ponte.wsgi instead)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["host"]
        address = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Ponte is at http://{address}:{options['port']}/ (Ctrl+C stops it)")
        # Whitenoise serves static files, so runserver's own static handling is not needed.
        call_command(
            "runserver", f"{address}:{options['port']}", use_reloader=False, use_threading=True
        )
