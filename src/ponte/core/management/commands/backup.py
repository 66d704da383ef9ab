"""`ponte backup PATH`: the database and every uploaded file in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the database (SQLite's online backup, or pg_dump) and the media files to one "
        "archive file, while Ponte keeps running. `ponte restore PATH` puts it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive to write, e.g. ponte.tar.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            report = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(report.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {report.vendor} database ({rows} rows in "
                f"{len(report.counts)} tables) and {len(report.media)} media files to {path}."
            )
        )
