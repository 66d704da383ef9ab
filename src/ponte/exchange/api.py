"""Exchange endpoints: needs, offers and solidarity requests (read), and a need's matches."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from ponte.core.access import public
from ponte.core.api import PageParams, one_of, page_of
from ponte.core.exceptions import ApplicationError
from ponte.directory.models import PonteRegion
from ponte.exchange import selectors
from ponte.exchange.models import Need, Offer, PostStatus, SolidarityRequest
from ponte.exchange.schemas import (
    NeedDetailOut,
    NeedPage,
    OfferDetailOut,
    OfferPage,
    SolidarityRequestOut,
)

router = Router(tags=["exchange"])


class PostQuery(PageParams):
    status: str = Field(
        "open",
        description="draft, submitted, open, closed, expired or all",
        json_schema_extra=one_of(*PostStatus.values, "all"),
    )
    theme: str = Field("", description="Theme slug, e.g. water.")
    region: str = Field(
        "",
        description="asia-pacific, latin-america or rest-of-world",
        json_schema_extra=one_of("", *PonteRegion.values),
    )
    language: str = ""


def _page(model: Any, request: HttpRequest, query: PostQuery) -> dict[str, Any]:
    filters = selectors.parse_filters(query.dict())
    qs = selectors.post_list(model, request.user, filters)
    if model is Need:
        qs = qs.prefetch_related("sdg_targets", "hazards", "preferred_languages")
    else:
        qs = qs.select_related("practice").prefetch_related("sdg_targets", "hazards", "languages")
    return page_of(qs, limit=query.limit, offset=query.offset)


@router.get("/needs", response=NeedPage, summary="Needs (open ones by default)")
@public
def list_needs(request: HttpRequest, query: Query[PostQuery]) -> dict[str, Any]:
    return _page(Need, request, query)


@router.get("/needs/{need_id}", response=NeedDetailOut, summary="One need")
@public
def get_need(request: HttpRequest, need_id: int) -> Any:
    return selectors.post_detail(Need, request.user, need_id)


@router.get("/offers", response=OfferPage, summary="Offers (open ones by default)")
@public
def list_offers(request: HttpRequest, query: Query[PostQuery]) -> dict[str, Any]:
    return _page(Offer, request, query)


@router.get("/offers/{offer_id}", response=OfferDetailOut, summary="One offer")
@public
def get_offer(request: HttpRequest, offer_id: int) -> Any:
    return selectors.post_detail(Offer, request.user, offer_id)


class SolidarityQuery(PageParams):
    status: str = Field(
        "open",
        description="open, fulfilled, closed or all",
        json_schema_extra=one_of(*SolidarityRequest.Status.values, "all"),
    )


class SolidarityPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[SolidarityRequestOut]


@router.get(
    "/solidarity-requests",
    response=SolidarityPage,
    summary="Solidarity requests with items, pledges and what is still missing",
)
@public
def list_solidarity(request: HttpRequest, query: Query[SolidarityQuery]) -> dict[str, Any]:
    if query.status not in {*SolidarityRequest.Status.values, "all"}:
        raise ApplicationError(_("Unknown status %(status)r.") % {"status": query.status})
    qs = selectors.solidarity_requests(status=query.status).select_related("language")
    return page_of(qs, limit=query.limit, offset=query.offset)


@router.get(
    "/solidarity-requests/{request_id}",
    response=SolidarityRequestOut,
    summary="One solidarity request",
)
@public
def get_solidarity(request: HttpRequest, request_id: int) -> Any:
    return selectors.solidarity_detail(request_id)
