"""Events as iCalendar (RFC 5545) through the `icalendar` package: one `.ics` per event, and
feeds of many. Times carry the organiser's `TZID`, with its `VTIMEZONE` in the file, so a
calendar shows them right across daylight-saving changes. `SEQUENCE` is the event's own
counter (bumped by every change people should see); a cancelled event is published
`STATUS:CANCELLED`. The meeting link goes only into calendars of people registered for it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.urls import reverse

from ponte.events.models import Event, Status

PRODID = "-//Ponte//Events//EN"


def _absolute(path: str) -> str:
    return settings.PONTE_SITE_URL.rstrip("/") + path


def _organiser(event: Event) -> icalendar.vCalAddress:
    names = [*(lg.name for lg in event.local_governments.all())]
    names += [str(network) for network in event.networks.all()]
    _name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = icalendar.vCalAddress(f"mailto:{email or 'noreply@ponte.invalid'}")
    organiser.params["cn"] = icalendar.vText(" & ".join(names) or "Ponte")
    return organiser


def _location(event: Event) -> str:
    parts = [event.venue]
    if event.venue_city is not None:
        parts.append(f"{event.venue_city.name}, {event.venue_city.country_id}")
    return ", ".join(p for p in parts if p)


def component(event: Event, *, with_link: bool) -> icalendar.Event:
    """One VEVENT. `with_link`: the reader is registered (or organises), so the meeting link
    is their location for an online event."""
    zone = event.zone
    url = _absolute(reverse("events:detail", args=[event.slug]))
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@ponte")
    vevent.add("dtstamp", datetime.now(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    description = event.description
    if with_link and event.is_online and event.meeting_url:
        description = f"{description}\n\n{event.meeting_url}".strip()
    vevent.add("description", f"{description}\n\n{url}".strip())
    vevent.add("url", url)
    vevent.add("organizer", _organiser(event))
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.status == Status.CANCELLED else "CONFIRMED")
    location = _location(event) if event.is_in_person else ""
    if with_link and event.is_online and event.meeting_url:
        location = f"{location} · {event.meeting_url}" if location else event.meeting_url
    if location:
        vevent.add("location", location)
    if event.is_in_person and event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (event.latitude, event.longitude))
    vevent.add("categories", [event.get_kind_display()])
    return vevent


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    with_link: Callable[[Event], bool],
    method: str = "PUBLISH",
) -> bytes:
    """A VCALENDAR of these events, with the VTIMEZONE of every time zone they use. `method`:
    PUBLISH, or CANCEL for the file emailed when an event is cancelled (RFC 5546)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(component(event, with_link=with_link(event)))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
