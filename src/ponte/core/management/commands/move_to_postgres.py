"""`ponte move-to-postgres DATABASE_URL`: copy an installation on the embedded SQLite into a
new PostgreSQL database, checking the rows of every table (ponte.core.move)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.backup import BackupError
from ponte.core.move import move_to_postgres


class Command(BaseCommand):
    help = (
        "Move this installation from SQLite to a new, empty PostgreSQL database: create the "
        "tables, copy every row, reset the id sequences and check the rows of each table. "
        "Stop Ponte first; the SQLite database is left as it was."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "database_url", help="The target, e.g. postgres://ponte:secret@127.0.0.1:5432/ponte"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = move_to_postgres(options["database_url"], say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        width = max((len(count.table) for count in counts), default=0)
        self.stdout.write(f"  {'table':<{width}}  {'SQLite':>9}  {'PostgreSQL':>10}")
        for count in counts:
            self.stdout.write(f"  {count.table:<{width}}  {count.source:>9}  {count.target:>10}")
        rows = sum(count.target for count in counts)
        self.stdout.write(
            self.style.SUCCESS(
                f"Copied {rows} rows in {len(counts)} tables; every table's count matches."
            )
        )
        self.stdout.write(
            "Next: set DATABASE_URL to the new database in Ponte's environment, run `ponte "
            "init` (it sets up pgvector where PostgreSQL has it) and `ponte check`, then start "
            "Ponte. Keep the SQLite file until you have checked the new installation."
        )
