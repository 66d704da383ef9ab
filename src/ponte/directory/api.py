"""Directory endpoints: each parses, calls a selector or service, and serialises."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from ponte.accounts.api_auth import SIGNED_IN
from ponte.core.access import public
from ponte.core.api import PageParams, one_of, page_of
from ponte.core.preconditions import based_on, conditional, etagged, set_etag
from ponte.directory import selectors, services
from ponte.directory.models import (
    Committee,
    Country,
    Hazard,
    LocalGovernment,
    PonteRegion,
    Region,
    SdgGoal,
    SdgTarget,
    Theme,
)
from ponte.directory.schemas import (
    CityOut,
    CommitteeOut,
    CommitteePage,
    CountryOut,
    CountryPage,
    HazardOut,
    LocalGovernmentDetailOut,
    LocalGovernmentPage,
    LocalGovernmentPatch,
    NetworkOut,
    NetworkPage,
    RegionOut,
    SdgGoalDetailOut,
    SdgGoalOut,
    SdgTargetOut,
    ThemeOut,
)

router = Router(tags=["directory"])


class LocalGovernmentQuery(Schema):
    q: str = Field(
        "", description="Name, official name or alternate name (accents and case ignored)."
    )
    region: str = Field(
        "",
        description="asia-pacific, latin-america, rest-of-world, or a UN M49 code.",
        examples=["asia-pacific", "035"],
    )
    country: str = Field("", description="ISO 3166 alpha-2 code.")
    network: str = Field("", description="Network slug, e.g. uclg-aspac.")
    population: str = Field(
        "",
        description="under-100k, 100k-500k, 500k-1m, 1m-5m or over-5m.",
        json_schema_extra=one_of("", *selectors.POPULATION_BANDS),
    )
    hazard: str = Field("", description="Hazard slug, e.g. flood.")
    theme: str = Field("", description="Theme slug, e.g. water.")
    level: str = Field("", json_schema_extra=one_of("", *LocalGovernment.Level.values))
    sort: str = Field(
        "name",
        description="name, population or country; prefix - to reverse.",
        json_schema_extra=one_of(*selectors.LOCAL_GOVERNMENT_SORTS),
    )


@router.get("/local-governments", response=LocalGovernmentPage, summary="List local governments")
@public
def list_local_governments(
    request: HttpRequest, query: Query[LocalGovernmentQuery], page: Query[PageParams]
) -> dict[str, Any]:
    filters = selectors.parse_local_government_filters(query.dict())
    return page_of(selectors.local_government_list(filters), limit=page.limit, offset=page.offset)


@router.get(
    "/local-governments/{slug}", response=LocalGovernmentDetailOut, summary="A local government"
)
@public
@etagged
def get_local_government(
    request: HttpRequest, slug: str, response: HttpResponse
) -> LocalGovernment:
    lg = selectors.local_government_detail(slug=slug)
    set_etag(response, lg.version)
    return lg


@router.patch(
    "/local-governments/{slug}",
    response=LocalGovernmentDetailOut,
    auth=SIGNED_IN,
    summary="Edit your local government's profile",
)
@conditional
def patch_local_government(
    request: HttpRequest, slug: str, payload: LocalGovernmentPatch, response: HttpResponse
) -> LocalGovernment:
    lg = selectors.local_government_detail(slug=slug)
    data = payload.dict(exclude_unset=True)
    with based_on(request, current=lg.version, version=data.pop("version", None)) as version:
        services.local_government_update(
            actor=request.user, local_government=lg, version=version, data=data
        )
    updated = selectors.local_government_detail(slug=slug)
    set_etag(response, updated.version)
    return updated


@router.get("/networks", response=NetworkPage, summary="List networks")
@public
def list_networks(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return page_of(selectors.network_list(), limit=page.limit, offset=page.offset)


@router.get("/networks/{slug}", response=NetworkOut, summary="A network")
@public
def get_network(request: HttpRequest, slug: str) -> Any:
    return get_object_or_404(selectors.network_list(), slug=slug)


@router.get("/committees", response=CommitteePage, summary="List committees")
@public
def list_committees(
    request: HttpRequest, page: Query[PageParams], network: str = ""
) -> dict[str, Any]:
    return page_of(selectors.committee_list(network=network), limit=page.limit, offset=page.offset)


@router.get("/committees/{slug}", response=CommitteeOut, summary="A committee")
@public
def get_committee(request: HttpRequest, slug: str) -> Committee:
    return get_object_or_404(selectors.committee_list(), slug=slug)


class CountryQuery(PageParams):
    region: str = Field(
        "", description="Ponte region", json_schema_extra=one_of("", *PonteRegion.values)
    )


@router.get("/countries", response=CountryPage, summary="List countries")
@public
def list_countries(request: HttpRequest, query: Query[CountryQuery]) -> dict[str, Any]:
    region = query.region
    selectors.check_country_region(region)
    qs = Country.objects.order_by("name")
    if region:
        qs = qs.filter(ponte_region=region)
    return page_of(qs, limit=query.limit, offset=query.offset)


@router.get("/countries/{iso2}", response=CountryOut, summary="A country")
@public
def get_country(request: HttpRequest, iso2: str) -> Country:
    return get_object_or_404(Country, iso2=iso2.upper())


@router.get("/regions", response=list[RegionOut], summary="UN M49 regions and sub-regions")
@public
def list_regions(request: HttpRequest) -> Any:
    return Region.objects.all()


@router.get("/sdg/goals", response=list[SdgGoalOut], summary="The 17 SDGs")
@public
def list_goals(request: HttpRequest) -> Any:
    return SdgGoal.objects.all()


@router.get("/sdg/goals/{number}", response=SdgGoalDetailOut, summary="One SDG with its targets")
@public
def get_goal(request: HttpRequest, number: int) -> SdgGoal:
    return get_object_or_404(SdgGoal.objects.prefetch_related("targets"), number=number)


@router.get("/sdg/targets", response=list[SdgTargetOut], summary="SDG targets")
@public
def list_targets(
    request: HttpRequest,
    goal: int | None = Query(None, ge=1, le=17, description="SDG number (1-17)"),  # type: ignore[type-arg]
) -> Any:
    qs = SdgTarget.objects.all()
    return qs.filter(goal_id=goal) if goal is not None else qs


@router.get("/sdg/targets/{code}", response=SdgTargetOut, summary="One SDG target")
@public
def get_target(request: HttpRequest, code: str) -> SdgTarget:
    return get_object_or_404(SdgTarget, code=code)


@router.get("/themes", response=list[ThemeOut], summary="Themes")
@public
def list_themes(request: HttpRequest) -> Any:
    return Theme.objects.prefetch_related("sdg_goals")


@router.get("/themes/{slug}", response=ThemeOut, summary="A theme")
@public
def get_theme(request: HttpRequest, slug: str) -> Theme:
    return get_object_or_404(Theme.objects.prefetch_related("sdg_goals"), slug=slug)


@router.get("/hazards", response=list[HazardOut], summary="Hazards")
@public
def list_hazards(request: HttpRequest) -> Any:
    return Hazard.objects.all()


@router.get("/cities", response=list[CityOut], summary="Find GeoNames cities by name")
@public
def find_cities(
    request: HttpRequest,
    name: str = Query(..., min_length=1, max_length=200),  # type: ignore[type-arg]
    country: str = "",
    limit: int = Query(10, ge=1, le=50),  # type: ignore[type-arg]
) -> Any:
    return selectors.find_cities(name, country=country, limit=limit)
