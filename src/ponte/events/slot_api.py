"""GET /api/v1/events/slots: when local governments in different time zones can meet.

Mounted by `ponte.site.api` under "/events" (before the events router, whose
`/events/{id}` must not swallow "slots")."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Query, Router, Schema
from pydantic import Field

from ponte.core.access import public
from ponte.core.exceptions import ApplicationError
from ponte.core.limits import check_rate
from ponte.events.meeting_slots import (
    DEFAULT_DAY_END,
    DEFAULT_DAY_START,
    DEFAULT_LIMIT,
    WorkingHours,
)
from ponte.events.slot_views import RATE_SCOPE, slot_search

router = Router(tags=["events"])


class SlotQuery(Schema):
    local_governments: str = Field(
        ..., description="Ids of the local governments taking part, separated by commas"
    )
    start: date = Field(..., description="First day (a UTC date, YYYY-MM-DD)")
    end: date = Field(..., description="Last day, included (a UTC date, at most 90 days on)")
    minutes: int = Field(60, description="Length of the meeting, 1 to 480 minutes")
    day_start: time = Field(DEFAULT_DAY_START, description="Working day starts (local, HH:MM)")
    day_end: time = Field(DEFAULT_DAY_END, description="Working day ends (local, HH:MM)")
    days: str = Field(
        "1,2,3,4,5", description="Working days as ISO weekday numbers (Monday 1 … Sunday 7)"
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=50, description="How many slots, best first")


class ParticipantTimeOut(Schema):
    local_government: int
    local_start: datetime = Field(..., description="Local start, ISO 8601 with its UTC offset")
    local_end: datetime
    outside_minutes: int = Field(..., description="Minutes outside their working hours")


class SlotOut(Schema):
    start_utc: datetime
    outside_minutes: int = Field(..., description="Minutes outside working hours, all summed")
    participants: list[ParticipantTimeOut]


class SlotsOut(Schema):
    slots: list[SlotOut]
    no_common_hours: bool = Field(
        ..., description="True when no start time is inside everyone's working hours"
    )


def _numbers(text: str) -> tuple[list[int], list[str]]:
    """The whole numbers in a comma-separated list, and the parts that are not."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    good = [p for p in parts if p.isascii() and p.isdigit() and len(p) <= 18]
    return [int(p) for p in good], [p for p in parts if p not in good]


def _refuse(field: str, detail: str) -> ApplicationError:
    return ApplicationError(detail, errors={field: [detail]})


@router.get("/slots", response=SlotsOut, summary="Find meeting times across time zones")
@public
def find_meeting_slots(request: HttpRequest, query: Query[SlotQuery]) -> dict[str, Any]:
    """Start times on a 30-minute UTC grid, ranked by the minutes that fall outside each
    local government's working hours in its own time zone (fewest first, then earliest), a
    public holiday of its country counting as outside. `no_common_hours` says when no start
    time suits everyone: the slots are then the least bad."""
    check_rate(request, RATE_SCOPE)
    ids, bad = _numbers(query.local_governments)
    if bad:
        raise _refuse(
            "local_governments",
            ngettext(
                "“%(values)s” is not a local government id.",
                "“%(values)s” are not local government ids.",
                len(bad),
            )
            % {"values": ", ".join(bad)},
        )
    days, bad = _numbers(query.days)
    if bad or any(not 1 <= day <= 7 for day in days):
        raise _refuse("days", _("Weekdays are numbered 1 (Monday) to 7 (Sunday)."))
    found, _by_id = slot_search(
        local_governments=ids,
        first_day=query.start,
        last_day=query.end,
        minutes=query.minutes,
        hours=WorkingHours(
            start=query.day_start, end=query.day_end, weekdays=frozenset(d - 1 for d in days)
        ),
        limit=query.limit,
    )
    return {
        "slots": [
            {
                "start_utc": slot.start_utc,
                "outside_minutes": slot.outside_minutes,
                "participants": [
                    {
                        "local_government": person.participant,
                        "local_start": person.local_start,
                        "local_end": person.local_end,
                        "outside_minutes": person.outside_minutes,
                    }
                    for person in slot.participants
                ],
            }
            for slot in found.slots
        ],
        "no_common_hours": found.no_common_hours,
    }
