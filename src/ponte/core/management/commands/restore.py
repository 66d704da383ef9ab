"""`ponte restore PATH`: put back what `ponte backup` wrote, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with a `ponte backup` archive. Refuses an "
        "installation that holds data unless --force; changes nothing if it fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive `ponte backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an installation that already holds data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            report = restore(path, force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(report.counts.values())
        removed = (
            f"; removed {report.removed_media} media files the backup does not have"
            if report.removed_media
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {report.vendor} database ({rows} rows in {len(report.counts)} "
                f"tables) and {len(report.media)} media files from {path}{removed}."
            )
        )
        self.stdout.write(
            "Run `ponte init` now if this backup comes from an older version of Ponte, then "
            "restart the app servers and workers."
        )
