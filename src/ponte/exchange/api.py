"""Exchange endpoints: needs, offers and solidarity requests (read), and a need's matches."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from ponte.accounts.api_auth import SIGNED_IN
from ponte.core.access import public
from ponte.core.api import PageParams, one_of, page_of
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.idempotency import idempotent
from ponte.core.preconditions import based_on, conditional, etagged, set_etag
from ponte.directory.models import LocalGovernment, Network, PonteRegion
from ponte.exchange import selectors, services
from ponte.exchange.models import Need, Offer, PostStatus, SolidarityRequest
from ponte.exchange.schemas import (
    NeedDetailOut,
    NeedIn,
    NeedPage,
    NeedPatch,
    OfferDetailOut,
    OfferIn,
    OfferPage,
    OfferPatch,
    SolidarityRequestOut,
)
from ponte.knowledge.models import Item, ItemType

router = Router(tags=["exchange"])


class PostQuery(PageParams):
    status: str = Field(
        "open",
        description="draft, submitted, open, closed, expired or all (empty: open)",
        # Empty is what a cleared filter sends; it means the default, as on the page.
        json_schema_extra=one_of("", *PostStatus.values, "all"),
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
@etagged
def get_need(request: HttpRequest, need_id: int, response: HttpResponse) -> Any:
    need = selectors.post_detail(Need, request.user, need_id)
    set_etag(response, need.version)
    return need


@router.get("/offers", response=OfferPage, summary="Offers (open ones by default)")
@public
def list_offers(request: HttpRequest, query: Query[PostQuery]) -> dict[str, Any]:
    return _page(Offer, request, query)


@router.get("/offers/{offer_id}", response=OfferDetailOut, summary="One offer")
@public
@etagged
def get_offer(request: HttpRequest, offer_id: int, response: HttpResponse) -> Any:
    offer = selectors.post_detail(Offer, request.user, offer_id)
    set_etag(response, offer.version)
    return offer


# Writes: the web's services, hence its permissions. A new post is a draft; it is submitted
# for review on the web.


def _own_local_government(user: Any, slug: str | None) -> LocalGovernment:
    if slug:
        return get_object_or_404(LocalGovernment, slug=slug)
    if user.local_government is None:
        raise PermissionDeniedError(_("Only members of a local government post needs."))
    return user.local_government  # type: ignore[no-any-return]


def _practice_id(slug: str | None) -> int | None:
    """The practice named by its slug (the services take its id); unknown: a 400."""
    if not slug:
        return None
    found = Item.objects.filter(slug=slug, type=ItemType.PRACTICE).values_list("pk", flat=True)
    if not found:
        raise ApplicationError(
            _("Unknown practice."),
            errors={"practice": [_("No practice %(slug)s.") % {"slug": slug}]},
        )
    return found[0]


@router.post("/needs", response={201: NeedDetailOut}, auth=SIGNED_IN, summary="Draft a need")
@idempotent
def create_need(request: HttpRequest, payload: NeedIn) -> Status[Any]:
    data = payload.dict()
    lg = _own_local_government(request.user, data.pop("local_government"))
    need = services.need_create(actor=request.user, local_government=lg, data=data)
    return Status(201, selectors.post_detail(Need, request.user, need.pk))


@router.post("/offers", response={201: OfferDetailOut}, auth=SIGNED_IN, summary="Draft an offer")
@idempotent
def create_offer(request: HttpRequest, payload: OfferIn) -> Status[Any]:
    data = payload.dict()
    user: Any = request.user
    lg_slug, network_slug = data.pop("local_government"), data.pop("network")
    if network_slug:
        provider = services.Provider(network=get_object_or_404(Network, slug=network_slug))
    elif lg_slug:
        provider = services.Provider(
            local_government=get_object_or_404(LocalGovernment, slug=lg_slug)
        )
    elif user.local_government_id:
        provider = services.Provider(local_government=user.local_government)
    elif user.is_network_staff:
        provider = services.Provider(network=user.network)
    else:
        raise PermissionDeniedError(
            _("Only members of a local government and network staff make offers.")
        )
    data["practice"] = _practice_id(data["practice"])
    offer = services.offer_create(actor=user, provider=provider, data=data)
    return Status(201, selectors.post_detail(Offer, user, offer.pk))


LIST_FIELDS = ("themes", "hazards", "sdg_targets", "formats", "preferred_languages", "languages")


def _edit(model: Any, request: HttpRequest, pk: int, payload: Any, response: HttpResponse) -> Any:
    post = selectors.post_detail(model, request.user, pk)
    data = payload.dict(exclude_unset=True)
    for name in LIST_FIELDS:  # null: none
        if name in data and data[name] is None:
            data[name] = []
    if "practice" in data:
        data["practice"] = _practice_id(data["practice"])
    with based_on(request, current=post.version, version=data.pop("version", None)) as version:
        services.post_update(actor=request.user, post=post, version=version, data=data)
    updated = selectors.post_detail(model, request.user, pk)
    set_etag(response, updated.version)
    return updated


@router.patch("/needs/{need_id}", response=NeedDetailOut, auth=SIGNED_IN, summary="Edit a need")
@conditional
def update_need(
    request: HttpRequest, need_id: int, payload: NeedPatch, response: HttpResponse
) -> Any:
    return _edit(Need, request, need_id, payload, response)


@router.patch(
    "/offers/{offer_id}", response=OfferDetailOut, auth=SIGNED_IN, summary="Edit an offer"
)
@conditional
def update_offer(
    request: HttpRequest, offer_id: int, payload: OfferPatch, response: HttpResponse
) -> Any:
    return _edit(Offer, request, offer_id, payload, response)


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
