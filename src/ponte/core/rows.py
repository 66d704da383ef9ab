"""Reading import files (JSON Lines or CSV) row by row, for every importer. Imports are all or
nothing: importers collect every problem with its line number and raise `ImportRejected`."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext

from ponte.core.text import has_nul

FORMATS = ("jsonl", "csv")


class ImportRejected(Exception):
    """The file was not imported; `problems` lists every problem as (line, message)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported.")
        self.problems = problems


@dataclass
class ImportReport:
    """What an accepted import wrote."""

    created: int = 0
    updated: int = 0
    local_governments_created: list[str] = field(default_factory=list)


def read_rows(
    stream: IO[str], fmt: str, *, fields: Sequence[str]
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (line number, row dict) or (line number, error message) for unreadable lines.
    CSV columns outside `fields` are reported once and dropped. A file that cannot be read
    on (a CSV field beyond the reader's limit) ends with that message."""
    if fmt == "jsonl":
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, gettext("not valid JSON (%(reason)s)") % {"reason": exc.msg}
                continue
            except RecursionError:
                yield number, gettext("the JSON is nested too deeply to read")
                continue
            if not isinstance(row, dict):
                yield number, gettext("each line must be a JSON object")
            elif has_nul(row):
                yield number, _nul_message()
            else:
                yield number, row
    elif fmt == "csv":
        reader = csv.DictReader(stream)
        try:
            unknown = [name for name in reader.fieldnames or [] if name not in fields]
            if unknown:
                yield 1, gettext("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)}
            for row in reader:
                values = {key: value for key, value in row.items() if key in fields}
                yield reader.line_num, _nul_message() if has_nul(values) else values
        except csv.Error as exc:
            # The reader cannot go on after this (a field over csv.field_size_limit(), 128 KiB).
            yield (
                reader.line_num + 1,
                gettext("cannot read the CSV from here on (%(reason)s)") % {"reason": exc},
            )
    else:
        raise ValueError(f"Unknown format {fmt!r}; use jsonl or csv.")


def _nul_message() -> str:
    return gettext("contains a NUL character (U+0000), which no field accepts")


def as_list(value: Any) -> list[str]:
    """A list from a JSON list or a CSV cell separated by semicolons or commas."""
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).replace(",", ";").split(";") if part.strip()]
