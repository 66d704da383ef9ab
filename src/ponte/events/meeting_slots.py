"""The meeting-slot finder: when can local governments in different time zones meet?

No Django here (import-linter checks it): the API and the page (`slot_api.py`,
`slot_views.py`) turn local governments into `Participant`s and call `find_slots`; the
benchmark (`bench/slots.py`) calls it with synthetic participants.

Candidate start times lie on a 30-minute grid in UTC, from 00:00 UTC on the first day to the
last half hour of the last day. Each candidate is scored by the minutes of the meeting that
fall outside each participant's working hours (in their own time zone), summed over the
participants; the fewest come first, ties go to the earliest start. A participant's public
holiday (their country's national holidays, from the `holidays` package) is outside working
hours from start to end: such a day is skipped for them, so a meeting then costs its whole
length.

Speed: each participant's working time is turned once into a sorted list of UTC intervals
(one per working day), and the working minutes of a meeting are read off a running total of
those intervals at its start and its end (two binary searches, vectorised over the whole grid
with numpy), never minute by minute.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
import numpy as np

GRID_MINUTES = 30
MAX_DAYS = 90
MAX_MINUTES = 8 * 60
MAX_LIMIT = 100
DEFAULT_LIMIT = 10
DEFAULT_DAY_START = time(8, 0)
DEFAULT_DAY_END = time(18, 0)
MONDAY_TO_FRIDAY = frozenset(range(5))  # date.weekday(): Monday is 0
# Local dates around the range that a candidate can still touch: UTC offsets run from -12:00
# to +14:00 and a meeting lasts at most 8 hours.
MARGIN_DAYS = 2


class SlotErrorCode(enum.StrEnum):
    NO_PARTICIPANTS = "no_participants"
    UNKNOWN_TIME_ZONE = "unknown_time_zone"
    END_BEFORE_START = "end_before_start"
    RANGE_TOO_LONG = "range_too_long"
    BAD_DURATION = "bad_duration"
    BAD_WORKING_HOURS = "bad_working_hours"
    BAD_LIMIT = "bad_limit"


class SlotError(Exception):
    """A search the finder cannot run. `code` says why and `params` carries what the message
    needs (the edges translate it: the engine knows no language)."""

    def __init__(self, code: SlotErrorCode, **params: object) -> None:
        super().__init__(f"{code}: {params}" if params else str(code))
        self.code = code
        self.params: Mapping[str, object] = params


@dataclass(frozen=True)
class Participant:
    """Someone taking part: an id the caller knows them by, an IANA time zone and the ISO
    3166-1 alpha-2 country whose public holidays they keep ("" for none)."""

    id: int | str
    time_zone: str
    country: str = ""


@dataclass(frozen=True)
class WorkingHours:
    """The same local working day for every participant, each in their own time zone:
    [start, end) on the given weekdays (date.weekday(), Monday 0)."""

    start: time = DEFAULT_DAY_START
    end: time = DEFAULT_DAY_END
    weekdays: frozenset[int] = MONDAY_TO_FRIDAY


@dataclass(frozen=True)
class ParticipantTime:
    """One participant's view of a slot."""

    participant: int | str
    local_start: datetime
    local_end: datetime
    outside_minutes: int


@dataclass(frozen=True)
class Slot:
    start_utc: datetime
    end_utc: datetime
    outside_minutes: int
    participants: tuple[ParticipantTime, ...]


@dataclass(frozen=True)
class SlotSearch:
    """The best slots (best first), and whether no candidate at all lay inside everyone's
    working hours (then `slots` are the least bad ones)."""

    slots: tuple[Slot, ...]
    no_common_hours: bool
    candidates: int = 0
    participants: tuple[Participant, ...] = field(default=())


# Validation ---------------------------------------------------------------------------------


def zone_of(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, or SlotError(UNKNOWN_TIME_ZONE)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise SlotError(SlotErrorCode.UNKNOWN_TIME_ZONE, time_zone=name) from exc


def check_request(
    participants: Sequence[Participant],
    first_day: date,
    last_day: date,
    minutes: int,
    hours: WorkingHours,
    limit: int,
) -> None:
    """Refuse, before any work, what the finder cannot answer. Each refusal names its cause."""
    if not participants:
        raise SlotError(SlotErrorCode.NO_PARTICIPANTS)
    for participant in participants:
        try:
            zone_of(participant.time_zone)
        except SlotError as exc:
            raise SlotError(
                SlotErrorCode.UNKNOWN_TIME_ZONE,
                participant=participant.id,
                time_zone=participant.time_zone,
            ) from exc
    if last_day < first_day:
        raise SlotError(SlotErrorCode.END_BEFORE_START, start=first_day, end=last_day)
    days = (last_day - first_day).days + 1
    if days > MAX_DAYS:
        raise SlotError(SlotErrorCode.RANGE_TOO_LONG, days=days, max_days=MAX_DAYS)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES:
        raise SlotError(SlotErrorCode.BAD_DURATION, minutes=minutes, max_minutes=MAX_MINUTES)
    if hours.end <= hours.start or not hours.weekdays or not hours.weekdays <= set(range(7)):
        raise SlotError(SlotErrorCode.BAD_WORKING_HOURS, start=hours.start, end=hours.end)
    if not 0 < limit <= MAX_LIMIT:
        raise SlotError(SlotErrorCode.BAD_LIMIT, limit=limit, max_limit=MAX_LIMIT)


# Working time in UTC ------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def public_holidays(country: str, years: tuple[int, ...]) -> frozenset[date]:
    """The national public holidays of `country` in `years`; none for a country the
    `holidays` package does not know (or no country)."""
    if not country:
        return frozenset()
    try:
        found = holidays.country_holidays(country.upper(), years=years)
    except NotImplementedError:
        return frozenset()
    return frozenset(found.keys())


def _instant(day: date, wall: time, zone: ZoneInfo, *, last: bool) -> datetime:
    """The UTC instant at which `wall` o'clock begins on `day` in `zone`.

    A wall time that happens twice (clocks going back) gives its first instant, or with `last`
    its second, so that working hours running through the repeated hour keep both; one that
    never happens (clocks going forward) gives the moment the clocks jump, the first instant
    whose local time is past it."""
    naive = datetime.combine(day, wall)
    local = naive.replace(tzinfo=zone)
    offset = local.utcoffset()
    if offset is not None and offset == local.replace(fold=1).utcoffset():
        return (naive - offset).replace(tzinfo=UTC)  # the usual case: once, and only once
    earlier = local.astimezone(UTC)
    later = local.replace(fold=1).astimezone(UTC)
    low, high = min(earlier, later), max(earlier, later)
    if low.astimezone(zone).replace(tzinfo=None) == naive:
        return high if last else low
    # A gap: `naive` is skipped. Local time runs below it until the jump and above it after:
    # find the jump to the second (transitions fall on whole seconds; a gap lasts hours).
    below, above = int(low.timestamp()), int(high.timestamp())
    while above - below > 1:
        middle = (below + above) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) < naive:
            below = middle
        else:
            above = middle
    return datetime.fromtimestamp(above, UTC)


def working_intervals(
    participant: Participant, first_day: date, last_day: date, hours: WorkingHours
) -> list[tuple[datetime, datetime]]:
    """The participant's working time between the local days `first_day` and `last_day`
    (inclusive) as UTC intervals [start, end), in order: one per working day that is not a
    public holiday of their country."""
    zone = zone_of(participant.time_zone)
    years = tuple(range(first_day.year, last_day.year + 1))
    days_off = public_holidays(participant.country, years)
    intervals = []
    day = first_day
    while day <= last_day:
        if day.weekday() in hours.weekdays and day not in days_off:
            start = _instant(day, hours.start, zone, last=False)
            end = _instant(day, hours.end, zone, last=True)
            if end > start:
                intervals.append((start, end))
        day += timedelta(days=1)
    return intervals


class _Timeline:
    """A participant's working intervals as minutes from an origin, with the working minutes
    before each interval, so that the working minutes before any instant are two look-ups."""

    def __init__(self, intervals: Sequence[tuple[datetime, datetime]], origin: datetime) -> None:
        # A zero-length interval first, so that an instant before every interval finds one.
        base = origin.timestamp()
        starts = [-1e9] + [(start.timestamp() - base) / 60 for start, _ in intervals]
        ends = [-1e9] + [(end.timestamp() - base) / 60 for _, end in intervals]
        self.starts = np.asarray(starts, dtype=np.float64)
        lengths = np.asarray(ends, dtype=np.float64) - self.starts
        self.lengths = lengths
        self.before = np.concatenate(([0.0], np.cumsum(lengths)[:-1]))

    def worked_before(self, instants: np.ndarray) -> np.ndarray:
        """Working minutes before each instant (minutes from the origin)."""
        index = np.searchsorted(self.starts, instants, side="right") - 1
        return self.before[index] + np.clip(instants - self.starts[index], 0.0, self.lengths[index])


# The finder ---------------------------------------------------------------------------------


def outside_minutes_grid(
    participants: Sequence[Participant],
    first_day: date,
    last_day: date,
    minutes: int,
    hours: WorkingHours,
) -> tuple[datetime, np.ndarray, np.ndarray]:
    """Every candidate at once: the origin (00:00 UTC on `first_day`), the candidates' starts
    in minutes from it, and a participants × candidates matrix of minutes outside working
    hours. The request is not checked here: `find_slots` does it."""
    origin = datetime.combine(first_day, time(0), tzinfo=UTC)
    days = (last_day - first_day).days + 1
    grid = np.arange(0, days * 24 * 60, GRID_MINUTES, dtype=np.float64)
    outside = np.empty((len(participants), grid.size), dtype=np.int64)
    margin = timedelta(days=MARGIN_DAYS)
    # Participants in the same time zone and country have the same working time: one row
    # computed for each such pair (50 cities of a network share far fewer).
    computed: dict[tuple[str, str], int] = {}
    for row, participant in enumerate(participants):
        key = (participant.time_zone, participant.country.upper())
        if key in computed:
            outside[row] = outside[computed[key]]
            continue
        computed[key] = row
        timeline = _Timeline(
            working_intervals(participant, first_day - margin, last_day + margin, hours), origin
        )
        inside = timeline.worked_before(grid + minutes) - timeline.worked_before(grid)
        outside[row] = minutes - np.rint(inside).astype(np.int64)
    return origin, grid, outside


def find_slots(
    participants: Sequence[Participant],
    first_day: date,
    last_day: date,
    minutes: int,
    *,
    hours: WorkingHours | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SlotSearch:
    """The `limit` best start times for a meeting of `minutes` between `first_day` and
    `last_day` (UTC dates, inclusive), fewest minutes outside working hours first."""
    hours = hours or WorkingHours()
    check_request(participants, first_day, last_day, minutes, hours, limit)
    origin, grid, outside = outside_minutes_grid(participants, first_day, last_day, minutes, hours)
    total = outside.sum(axis=0)
    # A stable sort keeps the grid's order (earliest first) among equal totals.
    best = np.argsort(total, kind="stable")[:limit]
    duration = timedelta(minutes=minutes)
    zones = [zone_of(p.time_zone) for p in participants]
    slots = []
    for column in best.tolist():
        start = origin + timedelta(minutes=float(grid[column]))
        end = start + duration
        slots.append(
            Slot(
                start_utc=start,
                end_utc=end,
                outside_minutes=int(total[column]),
                participants=tuple(
                    ParticipantTime(
                        participant=p.id,
                        local_start=start.astimezone(zone),
                        local_end=end.astimezone(zone),
                        outside_minutes=int(outside[row, column]),
                    )
                    for row, (p, zone) in enumerate(zip(participants, zones, strict=True))
                ),
            )
        )
    return SlotSearch(
        slots=tuple(slots),
        no_common_hours=bool(total.min() > 0),
        candidates=int(grid.size),
        participants=tuple(participants),
    )
