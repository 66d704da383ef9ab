"""`ponte import needs FILE` and `ponte import offers FILE` (JSON Lines or CSV): every row is
checked first and every problem reported by line; only a file without problems is written, in
one transaction. Rows are keyed by `external_id` (or title, place and language), so importing
the same file again updates instead of duplicating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ponte.core.rows import ImportRejected, ImportReport, as_list
from ponte.core.text import fold
from ponte.core.validation import problems as validation_problems
from ponte.directory.lookups import ReferenceLookups
from ponte.exchange.models import Format, Need, Offer, PostStatus
from ponte.exchange.services import expiry_from
from ponte.knowledge.services import content_key
from ponte.search.signals import enqueue_indexing

COMMON_FIELDS = [
    "external_id",
    "title",
    "description",
    "language",
    "city",
    "country",
    "themes",
    "sdg_targets",
    "hazards",
    "formats",
    "status",
]
POST_TEXT_FIELDS = ["external_id", "title", "description"]
NEED_FIELDS = [*COMMON_FIELDS, "preferred_languages", "deadline"]
OFFER_FIELDS = [*COMMON_FIELDS, "kind", "languages"]


@dataclass
class _Row:
    line: int
    data: dict[str, Any]
    key: str
    place: tuple[str, str]
    tags: dict[str, list[Any]]
    languages: list[str]


def _check(
    line: int, raw: dict[str, Any], lookups: ReferenceLookups, fields: list[str], model: Any
) -> tuple[_Row | None, list[str]]:
    problems: list[str] = []
    data = {name: raw.get(name) for name in fields}
    for name in ("title", "description", "language", "city", "country"):
        if not str(data.get(name) or "").strip():
            problems.append(f"{name} is required")
    # The model's own limits (external_id 200 characters, title 300…), the same on SQLite,
    # which would store anything, as on PostgreSQL, which refuses it mid-import.
    given = [name for name in POST_TEXT_FIELDS if str(data.get(name) or "").strip()]
    problems.extend(
        validation_problems(
            model(**{name: str(data[name]).strip() for name in given}), fields=given
        )
    )
    language = str(data.get("language") or "").strip().lower()
    if language and language not in lookups.languages:
        problems.append(f"language {language!r} is not an ISO 639 code")
    status = str(data.get("status") or PostStatus.DRAFT)
    if status not in PostStatus.values:
        problems.append(f"status {status!r} is not one of {', '.join(PostStatus.values)}")
    data["status"] = status
    city = str(data.get("city") or "").strip()
    country = str(data.get("country") or "").strip().upper()
    if country and country not in lookups.countries:
        problems.append(f"country {country!r} is not an ISO 3166 alpha-2 code")
    elif city and country and lookups.place(city, country) is None:
        problems.append(f"no city called {city!r} in {country}")
    tags: dict[str, list[Any]] = {}
    for name, table in (
        ("themes", lookups.themes),
        ("sdg_targets", lookups.targets),
        ("hazards", lookups.hazards),
    ):
        values = as_list(data.get(name))
        unknown = [v for v in values if v not in table]
        if unknown:
            problems.append(f"unknown {name.replace('_', ' ')}: {', '.join(unknown)}")
        tags[name] = [table[v] for v in values if v in table]
    formats = as_list(data.get("formats"))
    unknown_formats = [f for f in formats if f not in Format.values]
    if unknown_formats:
        problems.append(f"unknown formats: {', '.join(unknown_formats)}")
    data["formats"] = formats
    language_field = "preferred_languages" if model is Need else "languages"
    languages = [code.lower() for code in as_list(data.get(language_field))]
    unknown_languages = [c for c in languages if c not in lookups.languages]
    if unknown_languages:
        problems.append(
            f"unknown {language_field.replace('_', ' ')}: {', '.join(unknown_languages)}"
        )
    if model is Offer:
        kind = str(data.get("kind") or Offer.Kind.EXPERTISE)
        if kind not in Offer.Kind.values:
            problems.append(f"kind {kind!r} is not one of {', '.join(Offer.Kind.values)}")
        data["kind"] = kind
    if model is Need and data.get("deadline"):
        try:
            data["deadline"] = dt.date.fromisoformat(str(data["deadline"]).strip())
        except ValueError:
            problems.append(f"deadline {data['deadline']!r} is not a date (YYYY-MM-DD)")
    if problems:
        return None, problems
    key = str(data.get("external_id") or "").strip() or content_key(
        title=str(data["title"]), city=city, country=country, language=language
    )
    return (
        _Row(
            line=line,
            data={**data, "language": language},
            key=key,
            place=(fold(city), country),
            tags=tags,
            languages=languages,
        ),
        [],
    )


def _import(
    rows: Iterable[tuple[int, dict[str, Any] | str]],
    *,
    model: Any,
    fields: list[str],
    is_demo: bool,
) -> ImportReport:
    lookups = ReferenceLookups()
    problems: list[tuple[int, str]] = []
    checked: list[_Row] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        if isinstance(raw, str):
            problems.append((line, raw))
            continue
        row, row_problems = _check(line, raw, lookups, fields, model)
        problems.extend((line, message) for message in row_problems)
        if row is not None:
            if row.key in seen:
                problems.append((line, f"duplicates line {seen[row.key]} (same external_id)"))
            seen[row.key] = line
            checked.append(row)
    if not checked and not problems:
        problems.append((0, "the file has no rows"))
    if problems:
        raise ImportRejected(problems)
    return _write(checked, lookups, model=model, is_demo=is_demo)


@transaction.atomic
def _write(
    rows: list[_Row], lookups: ReferenceLookups, *, model: Any, is_demo: bool
) -> ImportReport:
    report = ImportReport()
    owners = lookups.owners([row.place for row in rows])
    report.local_governments_created = list(lookups.created)
    existing = {
        p.external_id: p for p in model.objects.filter(external_id__in=[r.key for r in rows])
    }
    language_field = "preferred_languages" if model is Need else "languages"
    now = timezone.now()
    touched = []
    for row in rows:
        post = existing.get(row.key) or model(external_id=row.key, is_demo=is_demo)
        is_new = post.pk is None
        post.local_government = owners[row.place]
        post.title = str(row.data["title"]).strip()
        post.description = str(row.data["description"]).strip()
        post.language_id = row.data["language"]
        post.formats = row.data["formats"]
        deadline_before = getattr(post, "deadline", None)
        if model is Need:
            post.deadline = row.data.get("deadline") or None
        else:
            post.kind = row.data["kind"]
        deadline = getattr(post, "deadline", None)
        if post.status != row.data["status"]:
            post.status = row.data["status"]
            if post.status == PostStatus.OPEN:
                post.opened_at = post.opened_at or now
                post.expires_on = expiry_from(deadline=deadline)
        elif post.status == PostStatus.OPEN and deadline != deadline_before:
            post.expires_on = expiry_from(deadline=deadline)
        if not is_new:
            post.version += 1
        post.save()
        for name, objects in row.tags.items():
            getattr(post, name).set(objects)
        getattr(post, language_field).set(row.languages)
        touched.append(post.pk)
        if is_new:
            report.created += 1
        else:
            report.updated += 1
    enqueue_indexing("need" if model is Need else "offer", touched)
    return report


def import_needs(
    rows: Iterable[tuple[int, dict[str, Any] | str]], *, is_demo: bool = False
) -> ImportReport:
    return _import(rows, model=Need, fields=NEED_FIELDS, is_demo=is_demo)


def import_offers(
    rows: Iterable[tuple[int, dict[str, Any] | str]], *, is_demo: bool = False
) -> ImportReport:
    return _import(rows, model=Offer, fields=OFFER_FIELDS, is_demo=is_demo)
