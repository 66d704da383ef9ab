"""What events make searchable: published and cancelled events, in every language version."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ponte.events.models import Event, EventTranslation, Status
from ponte.search.registry import Document, SearchType, register


def _queryset() -> Any:
    return Event.objects.prefetch_related(
        "themes", "sdg_targets", "hazards", "translations", "local_governments__country"
    )


def _document(event: Event) -> Document:
    fields = [(event.title, 3), (event.description, 1), (event.learnt, 1)]
    for version in event.translations.all():
        fields += [(version.title, 3), (version.description, 1)]
    organisers = list(event.local_governments.all())
    languages = [event.language_id, *(v.language_id for v in event.translations.all())]
    return Document(
        title=event.title,
        fields=fields,
        language=event.language_id,
        languages=languages,
        url=reverse("events:detail", args=[event.slug]),
        is_public=event.status in (Status.PUBLISHED, Status.CANCELLED),
        facets={
            "kind": "event",
            "event_kind": event.kind,
            "theme": sorted(t.slug for t in event.themes.all()),
            "goal": sorted({str(t.goal_id) for t in event.sdg_targets.all()}),
            "hazard": sorted(h.slug for h in event.hazards.all()),
            "region": organisers[0].country.ponte_region if organisers else None,
            "country": organisers[0].country_id if organisers else None,
            "language": sorted(set(languages)),
        },
    )


register(
    SearchType(
        name="event",
        label=_("Event"),
        plural=_("Events"),
        model=Event,
        queryset=_queryset,
        document=_document,
        related={EventTranslation: lambda version: [version.event]},
    )
)
