"""Reads of events: the list and its filters (pages and API alike), "my events", upcoming
events for other pages, and every time of an event on the clocks that matter to a reader."""

from __future__ import annotations

import calendar as pycalendar
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext

from ponte.accounts.permissions import Actor
from ponte.core.exceptions import ApplicationError
from ponte.directory.models import Committee, Language, Network, PonteRegion, Theme
from ponte.events.models import Event, Kind, Mode, Registration, Status, known_time_zone
from ponte.events.permissions import can_view_event

WHEN = ("upcoming", "past", "all")
MODES = ("online", "in-person")


def parse_event_filters(params: Any) -> dict[str, str]:
    """The list's filters from a query string; unknown values are named, field by field."""
    get = params.get
    filters = {
        "kind": (get("kind") or "").strip(),
        "theme": (get("theme") or "").strip(),
        "network": (get("network") or "").strip(),
        "committee": (get("committee") or "").strip(),
        "region": (get("region") or "").strip(),
        "language": (get("language") or "").strip(),
        "mode": (get("mode") or "").strip(),
        "when": (get("when") or "upcoming").strip(),
    }
    errors: dict[str, list[str]] = {}

    def unknown(field: str) -> None:
        errors[field] = [gettext("Unknown value: %(value)s") % {"value": filters[field]}]

    if filters["kind"] and filters["kind"] not in Kind.values:
        unknown("kind")
    if filters["theme"] and not Theme.objects.filter(slug=filters["theme"]).exists():
        unknown("theme")
    if filters["network"] and not Network.objects.filter(slug=filters["network"]).exists():
        unknown("network")
    if filters["committee"] and not Committee.objects.filter(slug=filters["committee"]).exists():
        unknown("committee")
    if filters["region"] and filters["region"] not in PonteRegion.values:
        unknown("region")
    if filters["language"] and not Language.objects.filter(code=filters["language"]).exists():
        unknown("language")
    if filters["mode"] and filters["mode"] not in MODES:
        unknown("mode")
    if filters["when"] not in WHEN:
        unknown("when")
    if errors:
        raise ApplicationError(gettext("Some filters are not valid."), errors=errors)
    return filters


def event_list(actor: Actor, filters: dict[str, str] | None = None) -> QuerySet[Event]:
    """The events the actor may see (published and cancelled ones, and drafts of their own),
    filtered; upcoming ones soonest first, past ones latest first."""
    filters = filters or {"when": "upcoming"}
    events = can_view_event.filter(actor, Event.objects.all())
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("theme"):
        events = events.filter(themes__slug=filters["theme"])
    if filters.get("network"):
        slug = filters["network"]
        events = events.filter(
            Q(networks__slug=slug) | Q(local_governments__memberships__network__slug=slug)
        )
    if filters.get("committee"):
        events = events.filter(committee__slug=filters["committee"])
    if filters.get("region"):
        region = filters["region"]
        events = events.filter(
            Q(local_governments__country__ponte_region=region)
            | Q(participants__country__ponte_region=region)
            | Q(networks__region=region)
        )
    if filters.get("language"):
        code = filters["language"]
        events = events.filter(
            Q(languages__code=code) | Q(interpretation__code=code) | Q(language_id=code)
        )
    if filters.get("mode") == "online":
        events = events.filter(mode__in=[Mode.ONLINE, Mode.HYBRID])
    elif filters.get("mode") == "in-person":
        events = events.filter(mode__in=[Mode.IN_PERSON, Mode.HYBRID])
    now = timezone.now()
    when = filters.get("when") or "upcoming"
    # Filters across many-to-many relations repeat rows; the subquery keeps each once.
    events = Event.objects.filter(pk__in=events.values("pk"))
    if when == "upcoming":
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    return events.prefetch_related("translations", "local_governments", "networks", "themes")


def published_feed(*, limit: int = 50) -> QuerySet[Event]:
    """Published events for the Atom feed, newest first (anyone may see a published event)."""
    return (
        Event.objects.filter(status=Status.PUBLISHED)
        .select_related("venue_city")
        .prefetch_related("translations")
        .order_by("-published_at", "-pk")[:limit]
    )


def upcoming(actor: Actor, *, limit: int = 5, **where: Any) -> list[Event]:
    """The next published events matching `where` (local_governments=…, project=…), for the
    panels other pages show."""
    now = timezone.now()
    events = can_view_event.filter(actor, Event.objects.filter(status=Status.PUBLISHED))
    q = Q()
    for key, value in where.items():
        q |= Q(**{key: value})
    return list(
        Event.objects.filter(pk__in=events.filter(q, ends_at__gte=now).values("pk"))
        .order_by("starts_at")
        .prefetch_related("translations")[:limit]
    )


def my_registrations(user: Any) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
        )
        .select_related("event")
        .prefetch_related("event__translations")
        .order_by("-event__starts_at")
    )


def registration_of(user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return None
    return Registration.objects.filter(event=event, user=user).first()


def is_registered(user: Any, event: Event) -> bool:
    registration = registration_of(user, event)
    return registration is not None and registration.status == Registration.Status.CONFIRMED


# Clocks ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """An event's start and end on one place's clock."""

    label: str
    zone: str
    start: datetime
    end: datetime

    @property
    def start_text(self) -> str:
        return _time(self.start)

    @property
    def end_text(self) -> str:
        return _time(self.end)

    @property
    def date_text(self) -> str:
        return formats.date_format(self.start.replace(tzinfo=None), "DATE_FORMAT")

    @property
    def offset(self) -> str:
        """ "UTC+07:00", as a reader can compare."""
        delta = self.start.utcoffset()
        minutes = int(delta.total_seconds() // 60) if delta is not None else 0
        sign = "+" if minutes >= 0 else "-"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    @property
    def days_apart(self) -> bool:
        return self.start.date() != self.end.date()


def _time(moment: datetime) -> str:
    return formats.time_format(moment.replace(tzinfo=None), "H:i")


def on_clock(moment: datetime, zone: str | tzinfo) -> datetime:
    tz = zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else zone
    return moment.astimezone(tz)


def reader_zone(user: Any, override: str = "") -> str:
    """The reader's time zone: one chosen on the page, else their account's, else UTC."""
    if override and known_time_zone(override):
        return override
    own = getattr(user, "timezone", "") or ""
    return own if known_time_zone(own) else "UTC"


def _city_clocks(event: Event, start: datetime, end: datetime) -> list[Clock]:
    """`start`–`end` on each organising and participating city's clock, west to east, when
    the cities do not all share one offset (else none)."""
    cities: list[Clock] = []
    seen: set[str] = set()
    places = [*event.local_governments.all(), *event.participants.all()]
    for lg in places:
        if lg.name in seen or not known_time_zone(lg.timezone):
            continue
        seen.add(lg.name)
        cities.append(
            Clock(lg.name, lg.timezone, on_clock(start, lg.timezone), on_clock(end, lg.timezone))
        )
    cities.sort(key=lambda c: (c.start.utcoffset() or timedelta(0), c.label))
    return cities if len({c.offset for c in cities}) > 1 else []


def cities_line(cities: list[Clock]) -> str:
    """ "10:00 in São Paulo, 20:00 in Jakarta"."""
    return ", ".join(
        gettext("%(time)s in %(place)s") % {"time": c.start_text, "place": c.label} for c in cities
    )


def clocks(event: Event, reader: str) -> dict[str, Any]:
    """The event's times: on the reader's clock, on the organiser's, and for an event between
    cities on each participating city's ("10:00 in São Paulo, 20:00 in Jakarta")."""

    def clock(label: str, zone: str) -> Clock:
        return Clock(label, zone, on_clock(event.starts_at, zone), on_clock(event.ends_at, zone))

    cities = _city_clocks(event, event.starts_at, event.ends_at)
    return {
        "reader": clock(reader, reader),
        "organiser": clock(event.timezone, event.timezone),
        "cities": cities,
        "cities_line": cities_line(cities),
    }


def agenda(event: Event, reader: str) -> list[tuple[Any, datetime, datetime, str]]:
    """Each agenda item with its start and end on the reader's clock and, for an event
    between cities, its start in each city ("10:00 in São Paulo, 20:00 in Jakarta")."""
    return [
        (
            item,
            on_clock(item.starts_at, reader),
            on_clock(item.ends_at, reader),
            cities_line(_city_clocks(event, item.starts_at, item.ends_at)),
        )
        for item in event.agenda.all()
    ]


def network_figures(network: Any) -> dict[str, Any]:
    """What a network's events reached: past events it or its members organised, the people
    who attended them (per city and per region, from each person's local government), and
    how many linked Asia-Pacific with Latin America (cities of both among organisers and
    participants)."""
    events = Event.objects.filter(
        Q(networks=network) | Q(local_governments__memberships__network=network),
        status=Status.PUBLISHED,
        ends_at__lt=timezone.now(),
    ).distinct()
    attended = Registration.objects.filter(event__in=events, attended=True).select_related(
        "user__local_government__country"
    )
    by_city: dict[str, int] = {}
    by_region: dict[str, int] = {}
    for registration in attended:
        lg = registration.user.local_government
        if lg is None:
            continue
        by_city[lg.name] = by_city.get(lg.name, 0) + 1
        region = lg.country.ponte_region
        by_region[region] = by_region.get(region, 0) + 1
    linking = 0
    for event in events.prefetch_related("local_governments__country", "participants__country"):
        regions = {
            lg.country.ponte_region
            for lg in [*event.local_governments.all(), *event.participants.all()]
        }
        if {PonteRegion.ASIA_PACIFIC, PonteRegion.LATIN_AMERICA} <= regions:
            linking += 1
    labels = dict(PonteRegion.choices)
    return {
        "events": events.count(),
        "people": len(attended),
        "by_city": sorted(by_city.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_region": [(labels.get(r, r), n) for r, n in sorted(by_region.items())],
        "linking": linking,
    }


# The month view -------------------------------------------------------------------------------


def parse_month(value: str, today: date) -> date:
    """The first day of the month "YYYY-MM" (the reader's current month when empty); anything
    else is refused with a message."""
    value = (value or "").strip()
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        if not (len(value) == 7 and 1 <= year <= 9998):
            raise ValueError(value)
        return date(year, month, 1)
    except ValueError as exc:
        raise ApplicationError(
            gettext("Some filters are not valid."),
            errors={"month": [gettext("Give a month as YYYY-MM, e.g. 2027-06.")]},
        ) from exc


@dataclass(frozen=True)
class Day:
    """One day of a month's grid with the events that start on it on the reader's clock."""

    day: date
    in_month: bool
    events: list[tuple[Event, datetime]]


def month_grid(events: QuerySet[Event], first: date, reader: str) -> list[list[Day]]:
    """Weeks (Monday first) of the month starting on `first`, each event on the day it starts
    on the reader's clock."""
    zone = zoneinfo.ZoneInfo(reader)
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(_next_month(first), time.min, zone)
    by_day: dict[date, list[tuple[Event, datetime]]] = {}
    for event in events.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"):
        local = on_clock(event.starts_at, zone)
        by_day.setdefault(local.date(), []).append((event, local))
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [Day(day, day.month == first.month, by_day.get(day, [])) for day in week] for week in weeks
    ]


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def neighbour_months(first: date) -> tuple[date, date]:
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    return previous, _next_month(first)
