"""Reads for the knowledge library: who sees what, browsing with facets, feeds."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from ponte.core.collation import collated
from ponte.core.exceptions import ApplicationError, NotFoundError
from ponte.core.text import plain_number
from ponte.directory.models import Country, Hazard, Language, PonteRegion, SdgGoal, Theme
from ponte.knowledge.models import (
    RESOURCE_TYPES,
    Item,
    ItemTranslation,
    ItemType,
    Revision,
    Status,
)
from ponte.knowledge.permissions import can_edit_item, can_review_item, can_view_item

SORTS = {
    "newest": ("-published_at", "-created_at"),
    "oldest": ("published_at", "created_at"),
    "title": ("title",),  # in the reader's alphabetical order: see item_list
    "updated": ("-updated_at",),
}
TYPE_CHOICES = {*ItemType.values, "resource"}


def visible_items(user: Any) -> QuerySet[Item]:
    """Published items for everyone; drafts and items under review only for their owners,
    the publishing network's staff, reviewers from the owner's networks, and admins."""
    return can_view_item.filter(user)


@dataclass(frozen=True)
class ItemFilters:
    q: str = ""
    type: str = ""
    theme: str = ""
    goal: str = ""
    region: str = ""
    country: str = ""
    language: str = ""
    hazard: str = ""
    owner: str = ""
    status: str = ""
    sort: str = "newest"


def parse_item_filters(params: dict[str, Any]) -> ItemFilters:
    values = {f.name: str(params.get(f.name) or "").strip() for f in fields(ItemFilters)}
    values["q"] = values["q"][:200]
    values["country"] = values["country"].upper()
    values["sort"] = values["sort"] or "newest"
    filters = ItemFilters(**values)
    errors: dict[str, list[str]] = {}

    def check(name: str, ok: bool) -> None:
        value = getattr(filters, name)
        if value and not ok:
            errors[name] = [_("Unknown %(name)s %(value)r.") % {"name": name, "value": value}]

    check("type", filters.type in TYPE_CHOICES)
    check("theme", Theme.objects.filter(slug=filters.theme).exists())
    goal = plain_number(filters.goal)
    check("goal", goal is not None and SdgGoal.objects.filter(number=goal).exists())
    check("region", filters.region in PonteRegion.values)
    check("country", Country.objects.filter(iso2=filters.country).exists())
    check("language", Language.objects.filter(code=filters.language).exists())
    check("hazard", Hazard.objects.filter(slug=filters.hazard).exists())
    check("status", filters.status in Status.values)
    check("sort", filters.sort in SORTS)
    if errors:
        raise ApplicationError(_("Some filters are not valid."), errors=errors)
    return filters


def _apply(qs: QuerySet[Item], filters: ItemFilters, *, skip: str = "") -> QuerySet[Item]:
    if filters.q:
        # A reader sees the title of their language's version, so every version must match,
        # not only the original.
        in_versions = ItemTranslation.objects.filter(
            Q(title__icontains=filters.q) | Q(summary__icontains=filters.q)
        ).values("item_id")
        qs = qs.filter(
            Q(title__icontains=filters.q) | Q(summary__icontains=filters.q) | Q(pk__in=in_versions)
        )
    if filters.type and skip != "type":
        qs = (
            qs.filter(type__in=RESOURCE_TYPES)
            if filters.type == "resource"
            else qs.filter(type=filters.type)
        )
    if filters.theme and skip != "theme":
        qs = qs.filter(themes__slug=filters.theme)
    if filters.goal and skip != "goal":
        qs = qs.filter(sdg_targets__goal_id=int(filters.goal))
    if filters.region and skip != "region":
        qs = qs.filter(Q(owner__country__ponte_region=filters.region))
    if filters.country and skip != "country":
        qs = qs.filter(owner__country_id=filters.country)
    if filters.language and skip != "language":
        qs = qs.filter(
            Q(language_id=filters.language) | Q(translations__language_id=filters.language)
        )
    if filters.hazard and skip != "hazard":
        qs = qs.filter(hazards__slug=filters.hazard)
    if filters.owner:
        qs = qs.filter(owner__slug=filters.owner)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def item_list(user: Any, filters: ItemFilters | None = None) -> QuerySet[Item]:
    filters = filters or ItemFilters()
    ids = _apply(visible_items(user), filters).values("pk")
    return (
        Item.objects.filter(pk__in=ids)
        .select_related("owner__country", "publisher_network", "language")
        .prefetch_related("translations", "themes")
        .order_by(
            *((collated("title").asc(), "pk") if filters.sort == "title" else SORTS[filters.sort])
        )
    )


FACETS = {
    "type": "type",
    "theme": "themes__slug",
    "goal": "sdg_targets__goal_id",
    "region": "owner__country__ponte_region",
    "country": "owner__country_id",
    "language": "language_id",
    "hazard": "hazards__slug",
}


def item_facets(user: Any, filters: ItemFilters) -> dict[str, dict[str, int]]:
    """For each facet, how many visible items each value would give, other filters applied.

    A facet ignores its own filter, so choosing a theme still shows the other themes' counts.
    """
    base = visible_items(user)
    facets: dict[str, dict[str, int]] = {}
    for name, path in FACETS.items():
        ids = _apply(base, filters, skip=name).values("pk")
        rows = (
            Item.objects.filter(pk__in=ids)
            .exclude(**{f"{path}__isnull": True})
            .values(path)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", path)
        )
        facets[name] = {str(row[path]): row["n"] for row in rows}
    return facets


def item_detail(user: Any, *, slug: str) -> Item:
    item = (
        Item.objects.select_related("owner__country", "publisher_network", "language")
        .prefetch_related(
            "themes",
            "hazards",
            "sdg_targets__goal",
            "results",
            "attachments",
            "co_owners",
            Prefetch("translations"),
        )
        .filter(slug=slug)
        .first()
    )
    if item is None or not can_view_item(user, item):
        # Not "forbidden": an unpublished item's existence is not disclosed.
        raise NotFoundError(_("No item %(slug)r.") % {"slug": slug})
    return item


def review_queue(user: Any) -> QuerySet[Item]:
    qs = Item.objects.filter(status=Status.SUBMITTED).select_related(
        "owner__country", "publisher_network"
    )
    return can_review_item.filter(user, qs).order_by("updated_at")


def published_feed(*, theme: str = "", limit: int = 50) -> QuerySet[Item]:
    qs = Item.objects.filter(status=Status.PUBLISHED).select_related("owner", "publisher_network")
    if theme:
        qs = qs.filter(themes__slug=theme)
    return qs.order_by("-published_at")[:limit]


def my_work(user: Any) -> dict[str, Any]:
    """What this person's side is writing for the library (My Ponte): drafts, each with the
    reviewer's comment in full when it came back from review, and items waiting for review.
    An administrator sees only what they wrote themselves."""
    mine = can_edit_item.filter(user, Item.objects.exclude(status=Status.ARCHIVED))
    if getattr(user, "is_platform_admin", False):
        mine = mine.filter(created_by=user)
    drafts = list(
        mine.filter(status=Status.DRAFT)
        .prefetch_related(Prefetch("revisions", queryset=Revision.objects.order_by("-number")))
        .order_by("-updated_at")[:50]
    )
    for item in drafts:
        latest = next(iter(item.revisions.all()), None)
        item.returned_comment = (  # type: ignore[attr-defined]
            latest.comment if latest is not None and latest.action == "return" else None
        )
    return {
        "drafts": drafts,
        "submitted": list(mine.filter(status=Status.SUBMITTED).order_by("-updated_at")[:50]),
    }


def published_count(local_government_id: int) -> int:
    """Practices a local government published (the first-steps checklist of My Ponte)."""
    return Item.objects.filter(
        Q(owner_id=local_government_id) | Q(co_owners=local_government_id),
        status=Status.PUBLISHED,
        type=ItemType.PRACTICE,
    ).count()
