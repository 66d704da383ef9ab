"""Reading import files (JSON Lines or CSV) row by row, for every importer. Imports are all or
nothing: importers collect every problem with its line number and raise `ImportRejected`."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

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
    CSV columns outside `fields` are reported once and dropped."""
    if fmt == "jsonl":
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"not valid JSON ({exc.msg})"
                continue
            yield (
                (number, row)
                if isinstance(row, dict)
                else (number, "each line must be a JSON object")
            )
    elif fmt == "csv":
        reader = csv.DictReader(stream)
        unknown = [name for name in reader.fieldnames or [] if name not in fields]
        if unknown:
            yield 1, f"unknown column(s): {', '.join(unknown)}"
        for row in reader:
            yield reader.line_num, {key: value for key, value in row.items() if key in fields}
    else:
        raise ValueError(f"Unknown format {fmt!r}; use jsonl or csv.")


def as_list(value: Any) -> list[str]:
    """A list from a JSON list or a CSV cell separated by semicolons or commas."""
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).replace(",", ";").split(";") if part.strip()]
