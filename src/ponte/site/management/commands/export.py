"""`ponte export practices --format jsonl|csv|xlsx [--output FILE]`."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ponte.cooperation.iati import export_iati, exportable_projects
from ponte.cooperation.models import Project
from ponte.knowledge import transfer
from ponte.knowledge.models import Item


class Command(BaseCommand):
    help = (
        "Export every practice and resource (all statuses; --format jsonl, csv or xlsx), or every "
        "project as an IATI 2.03 activity file, to standard output or a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["practices", "iati"])
        parser.add_argument("--format", choices=list(transfer.FORMATS), default="jsonl")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        chunks: Iterable[bytes]
        if options["kind"] == "iati":
            chunks = [export_iati(exportable_projects(Project.objects.all()))]
        else:
            items = transfer.exportable_items(Item.objects.all())
            chunks = transfer.export_items(items, options["format"])
        if options["output"]:
            # Written beside the target and moved into place whole: a failed export leaves no
            # half-written file behind.
            target = Path(options["output"])
            partial = target.with_name(f"{target.name}.part")
            try:
                with partial.open("wb") as out:
                    out.writelines(chunks)
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
            self.stderr.write(f"Wrote {options['output']}.")
        elif options["format"] == "xlsx" and sys.stdout.isatty():
            self.stderr.write("XLSX is binary: give --output FILE or redirect standard output.")
            raise SystemExit(2)
        else:
            sys.stdout.buffer.writelines(chunks)
            sys.stdout.flush()
