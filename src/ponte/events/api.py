"""Event endpoints: the list with the page's filters, one event, and the signed-in person's
registrations. The `.ics` addresses are in each event's `ics_url`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.security import django_auth
from pydantic import Field

from ponte.core.access import public
from ponte.core.api import PageParams, one_of, page_of
from ponte.directory.models import PonteRegion
from ponte.events import selectors
from ponte.events.models import Kind
from ponte.events.permissions import can_edit_event, can_view_event
from ponte.events.schemas import EventDetailOut, EventPage, RegistrationOut

router = Router(tags=["events"])


class EventQuery(PageParams):
    when: str = Field("upcoming", json_schema_extra=one_of(*selectors.WHEN))
    kind: str = Field("", json_schema_extra=one_of("", *Kind.values))
    theme: str = Field("", description="Theme slug, e.g. climate-finance.")
    network: str = Field("", description="Network slug: events it or its members organise.")
    committee: str = Field("", description="Committee slug.")
    region: str = Field("", json_schema_extra=one_of("", *PonteRegion.values))
    language: str = Field("", description="ISO 639-1 code spoken or interpreted.")
    mode: str = Field("", json_schema_extra=one_of("", *selectors.MODES))


RELATED = ("local_governments", "networks", "themes", "languages")


@router.get("/events", response=EventPage, summary="Events, with the filters of the events page")
@public
def list_events(request: HttpRequest, query: Query[EventQuery]) -> dict[str, Any]:
    filters = selectors.parse_event_filters(query.dict())
    events = selectors.event_list(request.user, filters).prefetch_related(*RELATED)
    return page_of(events, limit=query.limit, offset=query.offset)


@router.get(
    "/events/registrations",
    response=list[RegistrationOut],
    auth=django_auth,
    summary="The events the signed-in person registered for",
)
def my_registrations(request: HttpRequest) -> list[Any]:
    return list(
        selectors.my_registrations(request.user).prefetch_related(
            *(f"event__{name}" for name in RELATED)
        )
    )


@router.get("/events/{int:event_id}", response=EventDetailOut, summary="An event")
@public
def event_detail(request: HttpRequest, event_id: int) -> Any:
    event = get_object_or_404(
        can_view_event.filter(request.user)
        .select_related("venue_city")
        .prefetch_related(*RELATED, "translations", "agenda", "interpretation", "participants"),
        pk=event_id,
    )
    event.show_link = selectors.is_registered(request.user, event) or can_edit_event(  # type: ignore[attr-defined]
        request.user, event
    )
    return event
