"""Reads for the directory. Filters are parsed and validated once, for web and API alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.accounts.permissions import member_of, staff_of
from ponte.core.collation import collated, translated_name
from ponte.core.exceptions import ApplicationError
from ponte.core.text import fold
from ponte.directory.models import (
    City,
    Committee,
    CommitteeMembership,
    Country,
    FocalPoint,
    Hazard,
    LocalGovernment,
    Membership,
    Network,
    PonteRegion,
    Region,
    Theme,
)
from ponte.directory.permissions import can_moderate_for, can_see_contacts

# Population bands: slug -> (lower bound inclusive, upper bound exclusive).
POPULATION_BANDS: dict[str, tuple[int, int | None]] = {
    "under-100k": (0, 100_000),
    "100k-500k": (100_000, 500_000),
    "500k-1m": (500_000, 1_000_000),
    "1m-5m": (1_000_000, 5_000_000),
    "over-5m": (5_000_000, None),
}

LOCAL_GOVERNMENT_SORTS = ("name", "-name", "population", "-population", "country", "-country")


def _local_government_ordering(sort: str) -> list[Any]:
    """Names and countries (as the reader sees them) in the reader's alphabetical order."""
    name = collated("name")
    country = collated(translated_name("country__"))
    return {
        "name": [name.asc(), "pk"],
        "-name": [name.desc(), "-pk"],
        "population": ["population", name.asc(), "pk"],
        "-population": ["-population", name.asc(), "pk"],
        "country": [country.asc(), name.asc(), "pk"],
        "-country": [country.desc(), name.asc(), "pk"],
    }[sort]


@dataclass(frozen=True)
class LocalGovernmentFilters:
    """Validated directory filters; every field is optional."""

    q: str = ""
    region: str = ""
    country: str = ""
    network: str = ""
    population: str = ""
    hazard: str = ""
    theme: str = ""
    level: str = ""
    sort: str = "name"


def _check_choice(
    errors: dict[str, list[str]], field: str, value: str, allowed: set[str] | list[str]
) -> None:
    if value and value not in allowed:
        shown = ", ".join(sorted(allowed)[:30])
        errors.setdefault(field, []).append(
            _("Unknown %(field)s %(value)r. Use one of: %(shown)s.")
            % {"field": field, "value": value, "shown": shown}
        )


def check_country_region(region: str) -> None:
    """The `region` filter of the country list: a Ponte region, or a 400 naming it (as every
    other filter does) rather than an empty list."""
    errors: dict[str, list[str]] = {}
    _check_choice(errors, "region", region, set(PonteRegion.values))
    if errors:
        raise ApplicationError("Some filters are not valid.", errors=errors)


def parse_local_government_filters(params: dict[str, Any]) -> LocalGovernmentFilters:
    """Turn query parameters into filters, or raise ApplicationError naming each bad one."""

    def text(name: str) -> str:
        value = params.get(name) or ""
        return str(value).strip()

    filters = LocalGovernmentFilters(
        q=text("q")[:200],
        region=text("region"),
        country=text("country").upper(),
        network=text("network"),
        population=text("population"),
        hazard=text("hazard"),
        theme=text("theme"),
        level=text("level"),
        sort=text("sort") or "name",
    )
    errors: dict[str, list[str]] = {}
    regions = {choice.value for choice in PonteRegion} | set(
        Region.objects.values_list("code", flat=True)
    )
    _check_choice(errors, "region", filters.region, regions)
    if filters.country and not Country.objects.filter(iso2=filters.country).exists():
        errors["country"] = [
            _("Unknown country %(country)r: use an ISO 3166 alpha-2 code.")
            % {"country": filters.country}
        ]
    if filters.network and not Network.objects.filter(slug=filters.network).exists():
        errors["network"] = [_("Unknown network %(network)r.") % {"network": filters.network}]
    _check_choice(errors, "population", filters.population, set(POPULATION_BANDS))
    if filters.hazard and not Hazard.objects.filter(slug=filters.hazard).exists():
        _check_choice(
            errors, "hazard", filters.hazard, set(Hazard.objects.values_list("slug", flat=True))
        )
    if filters.theme and not Theme.objects.filter(slug=filters.theme).exists():
        _check_choice(
            errors, "theme", filters.theme, set(Theme.objects.values_list("slug", flat=True))
        )
    _check_choice(errors, "level", filters.level, {c.value for c in LocalGovernment.Level})
    _check_choice(errors, "sort", filters.sort, set(LOCAL_GOVERNMENT_SORTS))
    if errors:
        raise ApplicationError(_("Some filters are not valid."), errors=errors)
    return filters


def local_government_list(
    filters: LocalGovernmentFilters | None = None,
) -> QuerySet[LocalGovernment]:
    filters = filters or LocalGovernmentFilters()
    qs = LocalGovernment.objects.select_related("country", "country__subregion")
    if filters.q:
        key = fold(filters.q)
        if key:
            qs = qs.filter(search_names__contains=key)
    if filters.region:
        if filters.region in {choice.value for choice in PonteRegion}:
            qs = qs.filter(country__ponte_region=filters.region)
        else:
            qs = qs.filter(
                Q(country__subregion_id=filters.region)
                | Q(country__region_id=filters.region)
                | Q(country__subregion__parent_id=filters.region)
            )
    if filters.country:
        qs = qs.filter(country_id=filters.country)
    if filters.network:
        qs = qs.filter(memberships__network__slug=filters.network)
    if filters.population:
        low, high = POPULATION_BANDS[filters.population]
        qs = qs.filter(population__gte=low)
        if high is not None:
            qs = qs.filter(population__lt=high)
    if filters.hazard:
        qs = qs.filter(hazards__slug=filters.hazard)
    if filters.theme:
        qs = qs.filter(themes__slug=filters.theme)
    if filters.level:
        qs = qs.filter(level=filters.level)
    return qs.distinct().order_by(*_local_government_ordering(filters.sort))


def local_government_detail(*, slug: str) -> LocalGovernment:
    qs = LocalGovernment.objects.select_related(
        "country", "country__subregion", "city"
    ).prefetch_related(
        "languages",
        "hazards",
        "themes",
        "sdg_targets__goal",
        "focal_points",
        Prefetch("memberships", queryset=Membership.objects.select_related("network")),
        Prefetch(
            "committee_memberships",
            queryset=CommitteeMembership.objects.select_related("committee__network"),
        ),
    )
    try:
        return qs.get(slug=slug)
    except LocalGovernment.DoesNotExist as exc:
        from ponte.core.exceptions import NotFoundError

        raise NotFoundError(_("No local government %(slug)r.") % {"slug": slug}) from exc


@dataclass(frozen=True)
class Contacts:
    """A local government's contacts as one reader may see them: the focal points themselves
    when `can_see_contacts` allows it, otherwise only how many there are and how to come to
    see them."""

    visible: bool
    count: int
    focal_points: list[FocalPoint] = field(default_factory=list)
    how_to_see: str = ""


def local_government_contacts(*, actor: Any, local_government: LocalGovernment) -> Contacts:
    """The one place that decides what of a local government's contacts a reader gets, for
    the profile page and the API alike (permissions.can_see_contacts is the rule)."""
    focal_points = list(local_government.focal_points.all())
    if can_see_contacts(actor, local_government):
        return Contacts(visible=True, count=len(focal_points), focal_points=focal_points)
    if not actor.is_authenticated:
        how = gettext(
            "Sign in to see contacts: they are shown to focal points of places that share a "
            "network with it, to its networks' staff and to partners of an accepted match."
        )
    elif member_of(actor) is None and staff_of(actor) is None:
        how = gettext(
            "Contacts are shown to focal points of places that share a network with it and to "
            "partners of an accepted match: ask to be a focal point of your local government "
            "first."
        )
    else:
        how = gettext(
            "Contacts are shown to places that share a network with it, to its networks' "
            "staff and to partners of an accepted match: join one of its networks, or express "
            "interest in a match with it."
        )
    return Contacts(visible=False, count=len(focal_points), how_to_see=how)


def network_list() -> QuerySet[Network]:
    return Network.objects.annotate(
        member_count=Count("memberships", distinct=True),
        committee_count=Count("committees", distinct=True),
    ).order_by(collated("name").asc())


def committee_list(*, network: str = "") -> QuerySet[Committee]:
    qs = Committee.objects.select_related("network").annotate(
        member_count=Count("memberships", distinct=True)
    )
    if network:
        qs = qs.filter(network__slug=network)
    return qs.order_by(collated("network__name").asc(), collated("name").asc())


def find_cities(name: str, *, country: str = "", limit: int = 10) -> list[City]:
    """Cities whose name or any alternate name matches, accent- and case-insensitively.

    Exact matches of a whole name come first, then names that start with the query,
    each ordered by population so "Santiago" means Santiago de Chile before smaller ones.
    """
    key = fold(name)
    if not key:
        return []
    qs = City.objects.select_related("country")
    if country:
        qs = qs.filter(country_id=country.upper())
    exact = list(qs.filter(search_names__contains=f"|{key}|").order_by("-population")[:limit])
    if len(exact) >= limit:
        return exact
    seen = {city.geonameid for city in exact}
    prefix = qs.filter(search_names__contains=f"|{key}").exclude(geonameid__in=seen)
    return exact + list(prefix.order_by("-population")[: limit - len(exact)])


def map_markers(filters: LocalGovernmentFilters | None = None) -> list[dict[str, Any]]:
    """Plain data for the members map: one marker per local government with coordinates."""
    rows = (
        local_government_list(filters)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values("slug", "name", "latitude", "longitude", "country__name", "country__ponte_region")
    )
    return [
        {
            "slug": row["slug"],
            "name": row["name"],
            "lat": row["latitude"],
            "lng": row["longitude"],
            "country": row["country__name"],
            "region": row["country__ponte_region"],
        }
        for row in rows
    ]


def affiliation_requests(actor: Any) -> QuerySet[Any]:
    """People asking to be focal points of local governments this actor moderates."""
    moderated = can_moderate_for.filter(actor)
    return (
        get_user_model()
        .objects.filter(requested_local_government__in=moderated)
        .select_related("requested_local_government__country")
        .order_by("date_joined")
    )


def profile_missing(local_government: LocalGovernment) -> list[str]:
    """What a local government's profile still lacks for others to find and match it (the
    first-steps checklist of My Ponte): empty means complete."""
    missing = []
    if not local_government.description.strip():
        missing.append(str(_("a description")))
    if local_government.population is None:
        missing.append(str(_("the population")))
    if not local_government.themes.exists():
        missing.append(str(_("themes")))
    if not local_government.languages.exists():
        missing.append(str(_("languages")))
    return missing
