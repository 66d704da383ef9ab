"""CSV and XLSX tables of partnerships and projects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ponte.cooperation.models import Partnership, Project
from ponte.cooperation.selectors import budget_totals
from ponte.core.rows import csv_chunks, xlsx_bytes

PARTNERSHIP_COLUMNS = [
    "id",
    "title",
    "kind",
    "status",
    "start_date",
    "end_date",
    "participants",
    "themes",
    "sdg_targets",
]
PROJECT_COLUMNS = [
    "identifier",
    "title",
    "status",
    "programme",
    "planned_start",
    "planned_end",
    "locations",
    "budget",
    "sdg_targets",
]


def partnership_rows(items: Iterable[Partnership]) -> Iterator[list[Any]]:
    return (
        [
            p.pk,
            p.title,
            p.kind,
            p.status,
            p.start_date or "",
            p.end_date or "",
            "; ".join(str(part) for part in p.participants.all()),
            "; ".join(t.slug for t in p.themes.all()),
            "; ".join(t.code for t in p.sdg_targets.all()),
        ]
        for p in items
    )


def project_rows(items: Iterable[Project]) -> Iterator[list[Any]]:
    return (
        [
            p.identifier,
            p.title,
            p.get_status_display(),
            p.programme.name if p.programme else "",
            p.planned_start or "",
            p.planned_end or "",
            "; ".join(lg.name for lg in p.locations.all()),
            # One amount per currency: amounts in different currencies are never added up.
            "; ".join(
                f"{value} {currency}" for currency, value in sorted(budget_totals(p).items())
            ),
            "; ".join(t.code for t in p.sdg_targets.all()),
        ]
        for p in items
    )


def table(columns: list[str], rows: Iterable[list[Any]], fmt: str) -> Iterable[bytes]:
    """The rows as CSV (in chunks, as they are read) or XLSX (one chunk, every cell text)."""
    if fmt == "csv":
        return csv_chunks(columns, rows)
    if fmt == "xlsx":
        return [xlsx_bytes("data", columns, ([str(cell) for cell in row] for row in rows))]
    raise ValueError(f"Unknown format {fmt!r}")
