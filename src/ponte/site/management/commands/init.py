"""`ponte init`: create or upgrade the database and load all reference data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ponte.core.signals import database_initialised
from ponte.directory.reference import load_reference_data


class Command(BaseCommand):
    help = "Create or upgrade the database and load all reference data. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        report = load_reference_data()
        summary = ", ".join(f"{count} {name}" for name, count in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {summary}."))
        for _receiver, line in database_initialised.send(sender=self.__class__):
            if line:
                self.stdout.write(line)
