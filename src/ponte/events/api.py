"""Event endpoints: the list with the page's filters, one event, the signed-in person's
registrations; and writes through the web's services (draft, edit with If-Match, publish,
cancel, register and give up one's place). The `.ics` addresses are in each event's
`ics_url`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field

from ponte.accounts.api_auth import SIGNED_IN
from ponte.core.access import public
from ponte.core.api import PageParams, one_of, page_of
from ponte.core.exceptions import ApplicationError
from ponte.core.idempotency import idempotent
from ponte.core.preconditions import based_on, conditional, etagged, set_etag
from ponte.directory.models import LocalGovernment, Network, PonteRegion
from ponte.events import selectors, services
from ponte.events.models import Event, Kind
from ponte.events.permissions import can_edit_event, can_view_event
from ponte.events.schemas import (
    CancelIn,
    EventDetailOut,
    EventIn,
    EventPage,
    EventPatch,
    RegistrationIn,
    RegistrationOut,
)

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
    auth=SIGNED_IN,
    summary="The events the signed-in person registered for",
)
def my_registrations(request: HttpRequest) -> list[Any]:
    return list(
        selectors.my_registrations(request.user).prefetch_related(
            *(f"event__{name}" for name in RELATED)
        )
    )


def _detail(request: HttpRequest, event_id: int) -> Any:
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


@router.get("/events/{int:event_id}", response=EventDetailOut, summary="An event")
@public
@etagged
def event_detail(request: HttpRequest, event_id: int, response: HttpResponse) -> Any:
    event = _detail(request, event_id)
    set_etag(response, event.version)
    return event


# Writes: the web's services, hence its permissions. A new event is a draft until published.


def _visible(request: HttpRequest, event_id: int) -> Event:
    return get_object_or_404(can_view_event.filter(request.user), pk=event_id)


def _aware(data: dict[str, Any]) -> dict[str, Any]:
    """Times without a UTC offset are read as UTC."""
    for name in ("starts_at", "ends_at", "registration_closes_at"):
        value = data.get(name)
        if isinstance(value, datetime) and timezone.is_naive(value):
            data[name] = value.replace(tzinfo=UTC)
    return data


def _organisers(model: Any, slugs: list[str] | None, field: str) -> list[Any] | None:
    if slugs is None:
        return None
    wanted = list(dict.fromkeys(slugs))
    found = list(model.objects.filter(slug__in=wanted))
    missing = sorted(set(wanted) - {o.slug for o in found})
    if missing:
        raise ApplicationError(
            _("Some fields are not valid."),
            errors={field: [_("Unknown: %(value)s") % {"value": ", ".join(missing)}]},
        )
    return found


@router.post("/events", response={201: EventDetailOut}, auth=SIGNED_IN, summary="Draft an event")
@idempotent
def create_event(request: HttpRequest, payload: EventIn) -> Status[Any]:
    data = _aware(payload.dict())
    lgs = _organisers(LocalGovernment, data.pop("local_governments"), "local_governments")
    networks = _organisers(Network, data.pop("networks"), "networks")
    if lgs is not None or networks is not None:
        lgs, networks = lgs or [], networks or []
    event = services.event_create(
        actor=request.user, data=data, local_governments=lgs, networks=networks
    )
    return Status(201, _detail(request, event.pk))


REQUIRED = (
    *("kind", "title", "language", "starts_at", "ends_at", "timezone", "mode"),
    *("registration", "waiting_list"),
)
TEXTS = ("description", "meeting_url", "venue")
LISTS = ("questions", "themes", "languages", "interpretation")


@router.patch(
    "/events/{int:event_id}", response=EventDetailOut, auth=SIGNED_IN, summary="Edit an event"
)
@conditional
def update_event(
    request: HttpRequest, event_id: int, payload: EventPatch, response: HttpResponse
) -> Any:
    event = _visible(request, event_id)
    data = _aware(payload.dict(exclude_unset=True))
    null = sorted(name for name in REQUIRED if name in data and data[name] is None)
    if null:
        raise ApplicationError(
            _("Some fields are not valid."),
            errors={name: [_("This field cannot be null.")] for name in null},
        )
    for name in TEXTS:
        if name in data and data[name] is None:
            data[name] = ""
    for name in LISTS:
        if name in data and data[name] is None:
            data[name] = []
    with based_on(request, current=event.version, version=data.pop("version", None)) as version:
        services.event_update(actor=request.user, event=event, version=version, data=data)
    updated = _detail(request, event_id)
    set_etag(response, updated.version)
    return updated


@router.post(
    "/events/{int:event_id}/publish",
    response=EventDetailOut,
    auth=SIGNED_IN,
    summary="Publish a draft event",
)
def publish_event(request: HttpRequest, event_id: int, response: HttpResponse) -> Any:
    services.event_publish(actor=request.user, event=_visible(request, event_id))
    updated = _detail(request, event_id)
    set_etag(response, updated.version)
    return updated


@router.post(
    "/events/{int:event_id}/cancel",
    response=EventDetailOut,
    auth=SIGNED_IN,
    summary="Cancel an event (everyone registered is told)",
)
def cancel_event(
    request: HttpRequest, event_id: int, payload: CancelIn, response: HttpResponse
) -> Any:
    services.event_cancel(
        actor=request.user, event=_visible(request, event_id), reason=payload.reason
    )
    updated = _detail(request, event_id)
    set_etag(response, updated.version)
    return updated


@router.post(
    "/events/{int:event_id}/registrations",
    response={201: RegistrationOut},
    auth=SIGNED_IN,
    summary="Register for an event (past capacity: on the waiting list, `status` says)",
)
@idempotent
def register(request: HttpRequest, event_id: int, payload: RegistrationIn) -> Status[Any]:
    registration = services.registration_create(
        actor=request.user, event=_visible(request, event_id), answers=payload.answers
    )
    return Status(201, registration)


@router.delete(
    "/events/{int:event_id}/registrations",
    response=RegistrationOut,
    auth=SIGNED_IN,
    summary="Give up one's place (the first person waiting moves up)",
)
def unregister(request: HttpRequest, event_id: int) -> Any:
    return services.registration_cancel(actor=request.user, event=_visible(request, event_id))
