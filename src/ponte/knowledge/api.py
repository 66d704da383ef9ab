"""Knowledge endpoints: the same permissions as the web pages, errors as problem details."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from ponte.accounts.api_auth import SIGNED_IN
from ponte.core.access import public
from ponte.core.api import PageParams, one_of, page_of
from ponte.core.exceptions import ApplicationError
from ponte.core.idempotency import idempotent
from ponte.core.limits import check_rate
from ponte.core.preconditions import based_on, conditional, etagged, set_etag
from ponte.core.rows import require_xlsx_fits
from ponte.core.views import download
from ponte.directory.models import LocalGovernment, Network, PonteRegion
from ponte.knowledge import selectors, services, transfer
from ponte.knowledge.models import Item
from ponte.knowledge.models import Status as ItemStatus
from ponte.knowledge.schemas import ItemDetailOut, ItemIn, ItemPage, ItemPatch, TransitionIn

router = Router(tags=["knowledge"])


class ItemQuery(PageParams):
    q: str = Field("", description="Words in the title or summary.")
    type: str = Field(
        "",
        description="practice, resource (any kind but practice), module, toolkit, report, "
        "video or dataset",
        json_schema_extra=one_of("", *sorted(selectors.TYPE_CHOICES)),
    )
    theme: str = Field("", description="Theme slug, e.g. water.")
    goal: str = Field("", description="SDG goal number (1-17)", examples=["6"])
    region: str = Field("", json_schema_extra=one_of("", *PonteRegion.values))
    country: str = Field("", description="ISO 3166 alpha-2 code of the owner's country.")
    language: str = Field("", description="ISO 639-1 code of the original or a version.")
    hazard: str = Field("", description="Hazard slug, e.g. flood.")
    owner: str = Field("", description="Local government slug")
    status: str = Field("", json_schema_extra=one_of("", *ItemStatus.values))
    sort: str = Field(
        "newest",
        description="newest, oldest, title or updated",
        json_schema_extra=one_of(*selectors.SORTS),
    )


@router.get(
    "/items", response=ItemPage, summary="Browse practices and resources, with facet counts"
)
@public
def list_items(request: HttpRequest, query: Query[ItemQuery]) -> dict[str, Any]:
    filters = selectors.parse_item_filters(query.dict())
    page = page_of(
        selectors.item_list(request.user, filters), limit=query.limit, offset=query.offset
    )
    page["facets"] = selectors.item_facets(request.user, filters)
    return page


class ExportQuery(Schema):
    format: str = Field("jsonl", json_schema_extra=one_of(*transfer.FORMATS))


CONTENT_TYPES = {
    "jsonl": "application/jsonl; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/items/export", summary="Export visible items as jsonl, csv or xlsx")
@public
def export(request: HttpRequest, query: Query[ExportQuery]) -> HttpResponseBase:
    check_rate(request, "export")
    format = query.format
    if format not in transfer.FORMATS:
        raise ApplicationError(
            _("Unknown format %(format)s; use jsonl, csv or xlsx.") % {"format": repr(format)}
        )
    items = transfer.exportable_items(selectors.visible_items(request.user))
    if format == "xlsx":
        require_xlsx_fits(items.count())
    return download(
        transfer.export_items(items, format),
        content_type=CONTENT_TYPES[format],
        filename=f"ponte-practices.{format}",
    )


@router.get("/items/{slug}", response=ItemDetailOut, summary="One practice or resource")
@public
@etagged
def get_item(request: HttpRequest, slug: str, response: HttpResponse) -> Item:
    item = selectors.item_detail(request.user, slug=slug)
    set_etag(response, item.version)
    return item


@router.post("/items", response={201: ItemDetailOut}, auth=SIGNED_IN, summary="Create a draft")
@idempotent
def create_item(request: HttpRequest, payload: ItemIn) -> Status[Any]:
    data = payload.dict()
    owner_slug, network_slug = data.pop("owner"), data.pop("network")
    user: Any = request.user
    if network_slug:
        owner = services.Owner(network=get_object_or_404(Network, slug=network_slug))
    elif owner_slug:
        owner = services.Owner(local_government=get_object_or_404(LocalGovernment, slug=owner_slug))
    else:
        owner = services.Owner(
            local_government=user.local_government,
            network=None if user.local_government_id else user.network,
        )
    item = services.item_create(actor=user, owner=owner, data=data)
    return Status(201, selectors.item_detail(user, slug=item.slug))


@router.patch("/items/{slug}", response=ItemDetailOut, auth=SIGNED_IN, summary="Edit an item")
@conditional
def update_item(
    request: HttpRequest, slug: str, payload: ItemPatch, response: HttpResponse
) -> Item:
    item = selectors.item_detail(request.user, slug=slug)
    data = payload.dict(exclude_unset=True)
    with based_on(request, current=item.version, version=data.pop("version", None)) as version:
        services.item_update(actor=request.user, item=item, version=version, data=data)
    updated = selectors.item_detail(request.user, slug=slug)
    set_etag(response, updated.version)
    return updated


def _transition(request: HttpRequest, slug: str, action: str, payload: TransitionIn) -> Item:
    item = selectors.item_detail(request.user, slug=slug)
    services.item_transition(actor=request.user, item=item, action=action, comment=payload.comment)
    return selectors.item_detail(request.user, slug=slug)


@router.post(
    "/items/{slug}/submit", response=ItemDetailOut, auth=SIGNED_IN, summary="Submit for review"
)
def submit_item(request: HttpRequest, slug: str, payload: TransitionIn) -> Item:
    return _transition(request, slug, "submit", payload)


@router.post(
    "/items/{slug}/publish", response=ItemDetailOut, auth=SIGNED_IN, summary="Publish (reviewers)"
)
def publish_item(request: HttpRequest, slug: str, payload: TransitionIn) -> Item:
    return _transition(request, slug, "publish", payload)


@router.post(
    "/items/{slug}/return",
    response=ItemDetailOut,
    auth=SIGNED_IN,
    summary="Return to authors (reviewers)",
)
def return_item(request: HttpRequest, slug: str, payload: TransitionIn) -> Item:
    return _transition(request, slug, "return", payload)


@router.post("/items/{slug}/archive", response=ItemDetailOut, auth=SIGNED_IN, summary="Archive")
def archive_item(request: HttpRequest, slug: str, payload: TransitionIn) -> Item:
    return _transition(request, slug, "archive", payload)
