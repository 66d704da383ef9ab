"""`ponte import practices|needs|offers FILE`: all or nothing, problems listed by line."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.rows import ImportRejected, read_rows
from ponte.exchange import transfer as exchange_transfer
from ponte.knowledge import transfer as knowledge_transfer

# kind -> (columns a file may have, importer)
KINDS: dict[str, tuple[list[str], Callable[..., Any]]] = {
    "practices": (knowledge_transfer.FIELDS, knowledge_transfer.import_items),
    "needs": (exchange_transfer.NEED_FIELDS, exchange_transfer.import_needs),
    "offers": (exchange_transfer.OFFER_FIELDS, exchange_transfer.import_offers),
}


def _open(path: str) -> IO[str]:
    try:
        return Path(path).open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc


class Command(BaseCommand):
    help = "Import JSON Lines or CSV (docs/import-export.md). One bad row rejects the whole file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", help="Path to the file, or - for standard input.")
        parser.add_argument(
            "--format", choices=["jsonl", "csv"], help="Default: from the file name."
        )
        parser.add_argument(
            "--demo", action="store_true", help="Mark imported items as demo content."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        fmt = options["format"] or ("csv" if path.lower().endswith(".csv") else "jsonl")
        opened = contextlib.nullcontext(sys.stdin) if path == "-" else _open(path)
        with opened as stream:
            try:
                fields, importer = KINDS[options["kind"]]
                report = importer(read_rows(stream, fmt, fields=fields), is_demo=options["demo"])
            except ImportRejected as exc:
                for line, message in exc.problems:
                    self.stderr.write(f"{path}:{line}: {message}")
                raise CommandError(
                    f"{len(exc.problems)} problem(s) found; nothing was imported."
                ) from exc
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path} is not UTF-8 text; nothing was imported.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {options['kind']}: {report.created} created, {report.updated} updated."
            )
        )
        if report.local_governments_created:
            names = ", ".join(report.local_governments_created)
            self.stdout.write(f"Local governments added from GeoNames: {names}.")
