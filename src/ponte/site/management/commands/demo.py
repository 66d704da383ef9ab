"""`ponte demo`: init, load demo content and serve (or only load, with --no-serve)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ponte.site.demo import load_demo_content


class Command(BaseCommand):
    help = "Load reference data and demo content, print demo accounts, then serve Ponte."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("init", stdout=self.stdout)
        counts, credentials = load_demo_content()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded (marked as demo): {summary}."))
        self.stdout.write("Demo accounts (passwords are new on every run):")
        for username, password, description in credentials:
            self.stdout.write(f"  {username:<24} {password:<16} {description}")
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
