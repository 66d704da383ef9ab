"""What the directory makes searchable: local governments, networks and committees."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ponte.directory.models import (
    Committee,
    Country,
    Hazard,
    Language,
    LocalGovernment,
    Network,
    PonteRegion,
    SdgGoal,
    Theme,
)
from ponte.search.facets import register_facet
from ponte.search.registry import Document, SearchType, register


def _local_government(lg: LocalGovernment) -> Document:
    country = lg.country
    return Document(
        title=lg.name,
        fields=[
            (lg.name, 3),
            (lg.official_name, 2),
            (lg.description, 1),
            (country.name, 1),
            (" ".join(country.names.values()), 1),
        ],
        language="",
        url=reverse("directory:profile", args=[lg.slug]),
        is_public=True,
        facets={
            "theme": sorted(t.slug for t in lg.themes.all()),
            "hazard": sorted(h.slug for h in lg.hazards.all()),
            "goal": sorted({str(t.goal_id) for t in lg.sdg_targets.all()}),
            "region": country.ponte_region,
            "country": country.iso2,
        },
    )


def _network(network: Network) -> Document:
    return Document(
        title=network.name,
        fields=[(network.name, 3), (network.acronym, 3), (network.description, 1)],
        language="en",
        url=reverse("directory:network", args=[network.slug]),
        is_public=True,
        facets={},
    )


def _committee(committee: Committee) -> Document:
    return Document(
        title=committee.name,
        fields=[(committee.name, 3), (committee.description, 1), (committee.network.name, 1)],
        language="",
        url=reverse("directory:committee", args=[committee.slug]),
        is_public=True,
        facets={"theme": sorted(t.slug for t in committee.themes.all())},
    )


def _lg_queryset() -> Any:
    return LocalGovernment.objects.select_related("country").prefetch_related(
        "themes", "hazards", "sdg_targets"
    )


register(
    SearchType(
        name="local-government",
        label=_("Local government"),
        plural=_("Local governments"),
        model=LocalGovernment,
        queryset=_lg_queryset,
        document=_local_government,
    )
)
register(
    SearchType(
        name="network",
        label=_("Network"),
        plural=_("Networks"),
        model=Network,
        queryset=lambda: Network.objects.all(),
        document=_network,
    )
)
register(
    SearchType(
        name="committee",
        label=_("Committee"),
        plural=_("Committees"),
        model=Committee,
        queryset=lambda: Committee.objects.select_related("network").prefetch_related("themes"),
        document=_committee,
    )
)


# How the library and search pages name the values of the directory's facets.
register_facet(
    "theme",
    title=_("Theme"),
    labels=lambda values: {t.slug: t.label for t in Theme.objects.filter(slug__in=values)},
)
register_facet(
    "goal",
    title=_("SDG"),
    labels=lambda values: {str(g.number): f"{g.number}. {g.label}" for g in SdgGoal.objects.all()},
)
register_facet(
    "region", title=_("Region"), labels=lambda values: {k: str(v) for k, v in PonteRegion.choices}
)
register_facet(
    "country",
    title=_("Country"),
    labels=lambda values: {c.iso2: c.label for c in Country.objects.filter(iso2__in=values)},
)
register_facet(
    "language",
    title=_("Language"),
    labels=lambda values: {
        lang.code: lang.label for lang in Language.objects.filter(code__in=values)
    },
)
register_facet(
    "hazard",
    title=_("Hazard"),
    labels=lambda values: {h.slug: h.label for h in Hazard.objects.all()},
)
