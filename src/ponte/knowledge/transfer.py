"""Import and export of practices (JSON Lines, CSV, XLSX). Imports are all or nothing: every
row is checked first, every problem is reported with its line number, and only a file
without problems is written, in one transaction. Re-importing a file updates, never duplicates.
The schema is documented in docs/import-export.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from ponte.core.rows import (
    ImportRejected,
    ImportReport,
    as_list,
    chunked,
    csv_chunks,
    xlsx_bytes,
)
from ponte.core.text import fold
from ponte.core.validation import problems as validation_problems
from ponte.directory.lookups import ReferenceLookups
from ponte.directory.models import (
    Network,
)
from ponte.knowledge.language import detect_language
from ponte.knowledge.models import CostBand, Item, ItemType, Result, Revision, Status
from ponte.search.signals import enqueue_indexing

FIELDS = [
    "external_id",
    "type",
    "title",
    "summary",
    "body",
    "language",
    "city",
    "country",
    "network",
    "themes",
    "sdg_targets",
    "hazards",
    "status",
    "period_start",
    "period_end",
    "cost_band",
    "barriers",
    "enabling_factors",
    "lessons",
    "results",
]
REQUIRED = ["title", "summary"]
ITEM_TEXT_FIELDS = [
    "external_id",
    "title",
    "summary",
    "body",
    "barriers",
    "enabling_factors",
    "lessons",
]
LIST_FIELDS = ["themes", "sdg_targets", "hazards"]
FORMATS = ("jsonl", "csv", "xlsx")
# Items read from the database at a time by an export (with their tags and results).
EXPORT_BATCH = 500


@dataclass
class _Row:
    line: int
    data: dict[str, Any]
    owner_key: tuple[str, str] | None = None
    network: Network | None = None
    language: str = ""
    tags: dict[str, list[Any]] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)


def _as_year(value: Any, name: str, problems: list[str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        problems.append(f"{name} {value!r} is not a year")
        return None
    if not 1900 <= year <= 2100:
        problems.append(f"{name} {year} is not a plausible year")
    return year


def _check_row(
    line: int, raw: dict[str, Any], lookups: ReferenceLookups
) -> tuple[_Row | None, list[str]]:
    problems: list[str] = []
    data = {key: raw.get(key) for key in FIELDS}
    for name in REQUIRED:
        if not str(data.get(name) or "").strip():
            problems.append(f"{name} is required")
    row = _Row(line=line, data=data)
    item_type = str(data.get("type") or ItemType.PRACTICE)
    if item_type not in ItemType.values:
        problems.append(f"type {item_type!r} is not one of {', '.join(ItemType.values)}")
    status = str(data.get("status") or Status.DRAFT)
    if status not in Status.values:
        problems.append(f"status {status!r} is not one of {', '.join(Status.values)}")
    language = str(data.get("language") or "").strip().lower()
    if language and language not in lookups.languages:
        problems.append(f"language {language!r} is not an ISO 639 code")
    row.language = language
    city = str(data.get("city") or "").strip()
    country = str(data.get("country") or "").strip().upper()
    network = str(data.get("network") or "").strip()
    if network:
        row.network = lookups.networks.get(network)
        if row.network is None:
            problems.append(f"network {network!r} is not in the directory")
    if city or country or item_type == ItemType.PRACTICE:
        if not country:
            problems.append("country is required (ISO 3166 alpha-2)")
        elif country not in lookups.countries:
            problems.append(f"country {country!r} is not an ISO 3166 alpha-2 code")
        elif not city:
            problems.append("city is required")
        elif lookups.place(city, country) is None:
            problems.append(f"no city called {city!r} in {country}")
        else:
            row.owner_key = (fold(city), country)
    for name, table in (
        ("themes", lookups.themes),
        ("sdg_targets", lookups.targets),
        ("hazards", lookups.hazards),
    ):
        values = as_list(data.get(name))
        unknown = [v for v in values if v not in table]
        if unknown:
            problems.append(f"unknown {name.replace('_', ' ')}: {', '.join(unknown)}")
        row.tags[name] = [table[v] for v in values if v in table]
    data["period_start"] = _as_year(data.get("period_start"), "period_start", problems)
    data["period_end"] = _as_year(data.get("period_end"), "period_end", problems)
    if data["period_start"] and data["period_end"] and data["period_end"] < data["period_start"]:
        problems.append("period_end is before period_start")
    cost = str(data.get("cost_band") or "")
    if cost and cost not in CostBand.values:
        problems.append(f"cost_band {cost!r} is not one of {', '.join(CostBand.values)}")
    results = data.get("results") or []
    if isinstance(results, str):
        try:
            results = json.loads(results)
        except (json.JSONDecodeError, RecursionError):
            problems.append("results is not a JSON list")
            results = []
    from ponte.knowledge.services import check_results

    row.results, result_problems = check_results(results)
    problems.extend(result_problems)
    # The model's own limits (external_id 200 characters, title 300…), the same on SQLite,
    # which would store anything, as on PostgreSQL, which refuses it mid-import.
    given = [name for name in ITEM_TEXT_FIELDS if str(data.get(name) or "").strip()]
    problems.extend(
        validation_problems(Item(**{name: str(data[name]).strip() for name in given}), fields=given)
    )
    return (None if problems else row), problems


# Writing -------------------------------------------------------------------------------------


def _external_id(row: _Row) -> str:
    from ponte.knowledge.services import content_key

    given = str(row.data.get("external_id") or "").strip()
    if given:
        return given
    return content_key(
        title=str(row.data["title"]),
        city=str(row.data.get("city") or ""),
        country=str(row.data.get("country") or ""),
        language=row.language,
    )


@transaction.atomic
def _write(rows: list[_Row], lookups: ReferenceLookups, *, is_demo: bool) -> ImportReport:
    report = ImportReport()
    owners = lookups.owners([row.owner_key for row in rows if row.owner_key])
    report.local_governments_created = list(lookups.created)

    ids = [_external_id(row) for row in rows]
    existing = {item.external_id: item for item in Item.objects.filter(external_id__in=ids)}
    taken_slugs = set(Item.objects.values_list("slug", flat=True))
    now = timezone.now()
    to_create, to_update = [], []
    for row, external_id in zip(rows, ids, strict=True):
        data = row.data
        language = (
            row.language
            or detect_language(f"{data['title']} {data['summary']} {data.get('body') or ''}")
            or "en"
        )
        item = existing.get(external_id) or Item(external_id=external_id, is_demo=is_demo)
        item.type = data.get("type") or ItemType.PRACTICE
        item.title = str(data["title"]).strip()
        item.summary = str(data["summary"]).strip()
        item.body = str(data.get("body") or "")
        item.language_id = language
        item.language_detected = not row.language
        item.owner = owners.get(row.owner_key) if row.owner_key else None
        item.publisher_network = row.network
        new_status = data.get("status") or Status.DRAFT
        if new_status == Status.PUBLISHED and (
            item.status != Status.PUBLISHED or item.published_at is None
        ):
            item.published_at = now
        item.status = new_status
        item.period_start, item.period_end = data["period_start"], data["period_end"]
        item.cost_band = data.get("cost_band") or ""
        for name in ("barriers", "enabling_factors", "lessons"):
            setattr(item, name, str(data.get(name) or ""))
        if item.pk:
            item.version += 1
            to_update.append(item)
            report.updated += 1
        else:
            base = slugify(item.title)[:120] or "item"
            slug, n = base, 2
            while slug in taken_slugs:
                slug, n = f"{base}-{n}", n + 1
            taken_slugs.add(slug)
            item.slug = slug
            item.created_at = item.updated_at = now
            to_create.append(item)
            report.created += 1
    Item.objects.bulk_create(to_create, batch_size=500)
    Item.objects.bulk_update(
        to_update,
        [
            "type",
            "title",
            "summary",
            "body",
            "language",
            "language_detected",
            "owner",
            "publisher_network",
            "status",
            "published_at",
            "period_start",
            "period_end",
            "cost_band",
            "barriers",
            "enabling_factors",
            "lessons",
            "version",
        ],
        batch_size=500,
    )
    by_external = dict(Item.objects.filter(external_id__in=ids).values_list("external_id", "pk"))
    item_ids = [by_external[external_id] for external_id in ids]
    # bulk_create sends no signals: ask search to index the imported items after commit.
    for type_name in ("practice", "resource"):
        for start in range(0, len(item_ids), 500):
            enqueue_indexing(type_name, item_ids[start : start + 500])
    for name, column in (
        ("themes", "theme_id"),
        ("sdg_targets", "sdgtarget_id"),
        ("hazards", "hazard_id"),
    ):
        through = getattr(Item, name).through
        through.objects.filter(item_id__in=item_ids).delete()
        through.objects.bulk_create(
            [
                through(item_id=pk, **{column: tag.pk})
                for row, pk in zip(rows, item_ids, strict=True)
                for tag in row.tags[name]
            ],
            batch_size=2000,
        )
    Result.objects.filter(item_id__in=item_ids).delete()
    Result.objects.bulk_create(
        [
            Result(
                item_id=pk,
                position=r.position,
                indicator=r.indicator,
                unit=r.unit,
                baseline=r.baseline,
                target=r.target,
                achieved=r.achieved,
            )
            for row, pk in zip(rows, item_ids, strict=True)
            for r in row.results
        ],
        batch_size=2000,
    )
    numbers = dict(
        Revision.objects.filter(item_id__in=item_ids)
        .values_list("item_id")
        .annotate(n=Max("number"))
    )
    Revision.objects.bulk_create(
        [
            Revision(
                item_id=pk,
                number=numbers.get(pk, 0) + 1,
                action="imported",
                snapshot={key: _jsonable(row.data.get(key)) for key in FIELDS},
            )
            for row, pk in zip(rows, item_ids, strict=True)
        ],
        batch_size=2000,
    )
    return report


def _jsonable(value: Any) -> Any:
    return (
        value if isinstance(value, (str, int, float, bool, list, dict, type(None))) else str(value)
    )


def import_items(
    rows: Iterable[tuple[int, dict[str, Any] | str]], *, is_demo: bool = False
) -> ImportReport:
    """Check every row, then write them all in one transaction, or raise ImportRejected."""
    lookups = ReferenceLookups()
    problems: list[tuple[int, str]] = []
    checked: list[_Row] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        if isinstance(raw, str):
            problems.append((line, raw))
            continue
        row, row_problems = _check_row(line, raw, lookups)
        problems.extend((line, message) for message in row_problems)
        if row is not None:
            key = _external_id(row)
            if key in seen:
                problems.append(
                    (
                        line,
                        f"duplicates line {seen[key]} "
                        "(same external_id, or same title, place and language)",
                    )
                )
            seen[key] = line
            checked.append(row)
    if not checked and not problems:
        problems.append((0, "the file has no rows"))
    if problems:
        raise ImportRejected(problems)
    return _write(checked, lookups, is_demo=is_demo)


# Export --------------------------------------------------------------------------------------


def export_rows(items: Iterable[Item]) -> Iterator[dict[str, Any]]:
    for item in items:
        owner = item.owner
        city = ""
        if owner is not None:
            city = owner.city.name if owner.city_id and owner.city else owner.name
        yield {
            "external_id": item.external_id or f"ponte:{item.slug}",
            "type": item.type,
            "title": item.title,
            "summary": item.summary,
            "body": item.body,
            "language": item.language_id,
            "city": city,
            "country": owner.country_id if owner else "",
            "network": item.publisher_network.slug if item.publisher_network else "",
            "themes": sorted(t.slug for t in item.themes.all()),
            "sdg_targets": sorted(t.code for t in item.sdg_targets.all()),
            "hazards": sorted(h.slug for h in item.hazards.all()),
            "status": item.status,
            "period_start": item.period_start,
            "period_end": item.period_end,
            "cost_band": item.cost_band,
            "barriers": item.barriers,
            "enabling_factors": item.enabling_factors,
            "lessons": item.lessons,
            "results": [
                {
                    "indicator": r.indicator,
                    "unit": r.unit,
                    "baseline": _number(r.baseline),
                    "target": _number(r.target),
                    "achieved": _number(r.achieved),
                    # The year it was measured, when known (older exports have none).
                    **({"year": r.year} if r.year is not None else {}),
                }
                for r in item.results.all()
            ],
        }


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = dict(row)
    for name in LIST_FIELDS:
        flat[name] = ";".join(row[name])
    flat["results"] = json.dumps(row["results"], ensure_ascii=False) if row["results"] else ""
    return {key: "" if value is None else value for key, value in flat.items()}


def _cells(row: dict[str, Any]) -> list[Any]:
    flat = _flat(row)
    return [flat[name] for name in FIELDS]


def export_items(items: QuerySet[Item], fmt: str) -> Iterator[bytes]:
    """The items as JSON Lines, CSV or XLSX, in chunks. JSON Lines and CSV are written as the
    items are read, a few hundred at a time, so an export of any size needs little memory;
    XLSX (a zip, written at the end) comes as one chunk."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use {', '.join(FORMATS)}.")
    rows = export_rows(items.iterator(chunk_size=EXPORT_BATCH))
    if fmt == "jsonl":
        return chunked(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "csv":
        return csv_chunks(FIELDS, (_cells(row) for row in rows))
    return iter([xlsx_bytes("practices", FIELDS, (_cells(row) for row in rows))])


def exportable_items(queryset: Any) -> Any:
    return (
        queryset.select_related("owner__city", "owner__country", "publisher_network", "language")
        .prefetch_related("themes", "sdg_targets", "hazards", "results")
        .order_by("pk")
    )
