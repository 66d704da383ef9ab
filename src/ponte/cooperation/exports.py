"""CSV and XLSX tables of partnerships and projects."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from ponte.cooperation.models import Partnership, Project
from ponte.cooperation.selectors import budget_totals

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


def partnership_rows(items: Iterable[Partnership]) -> list[list[Any]]:
    return [
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
    ]


def project_rows(items: Iterable[Project]) -> list[list[Any]]:
    return [
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
    ]


def table(columns: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue().encode()
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("data")
        sheet.append(columns)
        for row in rows:
            sheet.append([str(cell) if cell != "" else "" for cell in row])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"Unknown format {fmt!r}")
