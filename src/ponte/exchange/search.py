"""What the exchange makes searchable: open needs and offers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ponte.exchange.models import Need, Offer, PostStatus
from ponte.search.registry import Document, SearchType, register


def _document(post: Need | Offer, kind: str) -> Document:
    lg = post.local_government
    country = lg.country if lg is not None else None
    return Document(
        title=post.title,
        fields=[(post.title, 3), (post.description, 1)],
        language=post.language_id,
        languages=[post.language_id],
        url=reverse(f"exchange:{kind}", args=[post.pk]),
        is_public=post.status == PostStatus.OPEN,
        facets={
            "theme": sorted(t.slug for t in post.themes.all()),
            "goal": sorted({str(t.goal_id) for t in post.sdg_targets.all()}),
            "hazard": sorted(h.slug for h in post.hazards.all()),
            "region": country.ponte_region if country else None,
            "country": country.iso2 if country else None,
            "language": [post.language_id],
        },
    )


def _queryset(model: Any) -> Any:
    return model.objects.select_related("local_government__country").prefetch_related(
        "themes", "sdg_targets", "hazards"
    )


register(
    SearchType(
        name="need",
        label=_("Need"),
        plural=_("Needs"),
        model=Need,
        queryset=lambda: _queryset(Need),
        document=lambda need: _document(need, "need"),
    )
)
register(
    SearchType(
        name="offer",
        label=_("Offer"),
        plural=_("Offers"),
        model=Offer,
        queryset=lambda: _queryset(Offer),
        document=lambda offer: _document(offer, "offer"),
    )
)
