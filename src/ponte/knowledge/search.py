"""What the library makes searchable: published practices and resources, in every language
version they have."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ponte.knowledge.models import RESOURCE_TYPES, Item, ItemTranslation, ItemType, Result, Status
from ponte.search.registry import Document, SearchType, register


def _queryset(types: list[str]) -> Any:
    return (
        Item.objects.filter(type__in=types)
        .select_related("owner__country", "publisher_network")
        .prefetch_related("themes", "sdg_targets", "hazards", "translations")
    )


def _document(item: Item) -> Document:
    fields = [(item.title, 3), (item.summary, 2), (item.body, 1), (item.lessons, 1)]
    for version in item.translations.all():
        fields += [(version.title, 3), (version.summary, 2), (version.body, 1)]
    owner = item.owner
    return Document(
        title=item.title,
        fields=fields,
        language=item.language_id,
        languages=[item.language_id, *(v.language_id for v in item.translations.all())],
        url=reverse("knowledge:detail", args=[item.slug]),
        is_public=item.status == Status.PUBLISHED,
        facets={
            "kind": "practice" if item.type == ItemType.PRACTICE else "resource",
            "item_type": item.type,
            "theme": sorted(t.slug for t in item.themes.all()),
            "goal": sorted({str(t.goal_id) for t in item.sdg_targets.all()}),
            "hazard": sorted(h.slug for h in item.hazards.all()),
            "region": owner.country.ponte_region if owner else None,
            "country": owner.country_id if owner else None,
            "language": sorted(
                {item.language_id, *(v.language_id for v in item.translations.all())}
            ),
        },
    )


def _item_of(child: Any) -> list[Item]:
    return [child.item]


RELATED = {ItemTranslation: _item_of, Result: _item_of}

register(
    SearchType(
        name="practice",
        label=_("Practice"),
        plural=_("Practices"),
        model=Item,
        queryset=lambda: _queryset([ItemType.PRACTICE]),
        document=_document,
        related=RELATED,
    )
)
register(
    SearchType(
        name="resource",
        label=_("Resource"),
        plural=_("Resources"),
        model=Item,
        queryset=lambda: _queryset(RESOURCE_TYPES),
        document=_document,
        related=RELATED,
    )
)
