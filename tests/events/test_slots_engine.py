"""The meeting-slot finder without Django: times across daylight-saving changes, the ranking
against a minute-by-minute count written here independently, public holidays, bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from ponte.events.meeting_slots import (
    MAX_LIMIT,
    Participant,
    SlotError,
    SlotErrorCode,
    WorkingHours,
    find_slots,
    outside_minutes_grid,
)

JAKARTA = Participant("jakarta", "Asia/Jakarta", "ID")
SAO_PAULO = Participant("sao-paulo", "America/Sao_Paulo", "BR")
MANILA = Participant("manila", "Asia/Manila", "PH")
MEXICO_CITY = Participant("mexico-city", "America/Mexico_City", "MX")
QUEZON_CITY = Participant("quezon-city", "Asia/Manila", "PH")
SANTIAGO = Participant("santiago", "America/Santiago", "CL")
SYDNEY = Participant("sydney", "Australia/Sydney", "AU")


def _local(slot_start: str, participants: list[Participant], minutes: int = 60) -> dict[str, str]:
    """Each participant's local start of the slot starting at `slot_start` (UTC)."""
    start = datetime.fromisoformat(slot_start)
    day = start.date()
    found = find_slots(participants, day, day, minutes, limit=MAX_LIMIT, hours=_all_day())
    slot = next(s for s in found.slots if s.start_utc == start)
    return {str(p.participant): p.local_start.isoformat() for p in slot.participants}


def _all_day() -> WorkingHours:
    return WorkingHours(start=time(0, 0), end=time(23, 59), weekdays=frozenset(range(7)))


# Times across daylight-saving changes ---------------------------------------------------------


def test_santiago_local_time_moves_when_its_summer_time_ends() -> None:
    # Chile left summer time (UTC-3) for UTC-4 at midnight from 4 to 5 April 2026.
    before = _local("2026-04-03T13:00:00+00:00", [SANTIAGO])
    after = _local("2026-04-06T13:00:00+00:00", [SANTIAGO])
    assert before["santiago"] == "2026-04-03T10:00:00-03:00"
    assert after["santiago"] == "2026-04-06T09:00:00-04:00"


def test_sydney_local_time_moves_when_its_summer_time_starts() -> None:
    # New South Wales went from UTC+10 to UTC+11 on 4 October 2026.
    assert _local("2026-10-02T00:00:00+00:00", [SYDNEY])["sydney"] == "2026-10-02T10:00:00+10:00"
    assert _local("2026-10-05T00:00:00+00:00", [SYDNEY])["sydney"] == "2026-10-05T11:00:00+11:00"


def test_mexico_city_kept_summer_time_until_2022_and_not_since() -> None:
    assert _local("2022-07-01T15:00:00+00:00", [MEXICO_CITY])["mexico-city"] == (
        "2022-07-01T10:00:00-05:00"
    )
    assert _local("2023-07-03T15:00:00+00:00", [MEXICO_CITY])["mexico-city"] == (
        "2023-07-03T09:00:00-06:00"
    )


def test_working_hours_follow_the_clock_change() -> None:
    # Santiago's 08:00 is 11:00 UTC in summer time and 12:00 UTC after it: a meeting at
    # 11:00 UTC is inside on Thursday 2 April and an hour early on Monday 6 April 2026 (Good
    # Friday, 3 April, is a holiday in Chile).
    found = find_slots([SANTIAGO], date(2026, 4, 2), date(2026, 4, 6), 60, limit=MAX_LIMIT)
    by_start = {s.start_utc: s.outside_minutes for s in found.slots}
    assert by_start.get(datetime(2026, 4, 2, 11, tzinfo=UTC)) == 0
    assert not any(
        s.start_utc.date() == date(2026, 4, 3) and s.outside_minutes == 0 for s in found.slots
    )
    origin, grid, outside = outside_minutes_grid(
        [SANTIAGO], date(2026, 4, 6), date(2026, 4, 6), 60, WorkingHours()
    )
    eleven = int(11 * 60 // 30)
    assert grid[eleven] == 11 * 60
    assert outside[0, eleven] == 60  # 07:00-08:00 in Santiago
    assert outside[0, eleven + 2] == 0  # 08:00-09:00


# Against a minute-by-minute count -------------------------------------------------------------


def _brute_force(
    participants: list[Participant], first: date, last: date, minutes: int, hours: WorkingHours
) -> list[tuple[datetime, int, tuple[int, ...]]]:
    """Every candidate start with its minutes outside, counted one minute at a time in each
    participant's local time: (start, total, per participant), best first."""
    zones = [ZoneInfo(p.time_zone) for p in participants]
    days_off: dict[tuple[str, int], object] = {}

    def off(country: str, day: date) -> bool:
        key = (country, day.year)
        if key not in days_off:
            days_off[key] = holidays.country_holidays(country, years=day.year)
        return day in days_off[key]  # type: ignore[operator]

    candidates = []
    start = datetime.combine(first, time(0), tzinfo=UTC)
    stop = datetime.combine(last + timedelta(days=1), time(0), tzinfo=UTC)
    while start < stop:
        each = []
        for participant, zone in zip(participants, zones, strict=True):
            count = 0
            for minute in range(minutes):
                local = (start + timedelta(minutes=minute)).astimezone(zone)
                working = (
                    local.weekday() in hours.weekdays
                    and not off(participant.country, local.date())
                    and hours.start <= local.time() < hours.end
                )
                count += not working
            each.append(count)
        candidates.append((start, sum(each), tuple(each)))
        start += timedelta(minutes=30)
    return sorted(candidates, key=lambda c: (c[1], c[0]))


def _assert_matches_brute_force(
    participants: list[Participant], first: date, last: date, minutes: int = 60
) -> None:
    hours = WorkingHours()
    expected = _brute_force(participants, first, last, minutes, hours)
    origin, grid, outside = outside_minutes_grid(participants, first, last, minutes, hours)
    every = sorted(
        (
            (origin + timedelta(minutes=float(g)), int(outside[:, i].sum()), tuple(outside[:, i]))
            for i, g in enumerate(grid)
        ),
        key=lambda c: (c[1], c[0]),
    )
    assert every == expected
    found = find_slots(participants, first, last, minutes, limit=MAX_LIMIT)
    got = [
        (s.start_utc, s.outside_minutes, tuple(p.outside_minutes for p in s.participants))
        for s in found.slots
    ]
    assert got == expected[:MAX_LIMIT]
    assert found.no_common_hours == (expected[0][1] > 0)
    for slot in found.slots:
        for person, participant in zip(slot.participants, participants, strict=True):
            zone = ZoneInfo(participant.time_zone)
            assert person.local_start == slot.start_utc.astimezone(zone)
            assert person.local_start.utcoffset() == slot.start_utc.astimezone(zone).utcoffset()
            assert person.local_end - person.local_start == timedelta(minutes=minutes)


def test_jakarta_sao_paulo_manila_match_a_minute_by_minute_count() -> None:
    _assert_matches_brute_force([JAKARTA, SAO_PAULO, MANILA], date(2026, 12, 7), date(2026, 12, 13))


def test_mexico_city_quezon_city_santiago_across_santiagos_clock_change() -> None:
    # Santiago's summer time ends in this week (5 April 2026).
    _assert_matches_brute_force(
        [MEXICO_CITY, QUEZON_CITY, SANTIAGO], date(2026, 4, 1), date(2026, 4, 7), 90
    )


def test_mexico_city_quezon_city_santiago_when_both_americas_changed_clocks() -> None:
    # 3 April 2022: Mexico City began its last summer time and Santiago ended its own.
    _assert_matches_brute_force(
        [MEXICO_CITY, QUEZON_CITY, SANTIAGO], date(2022, 3, 31), date(2022, 4, 6)
    )


def test_santiago_summer_time_starting_in_the_week() -> None:
    # Chile moved to UTC-3 on 6 September 2026; its Independence Days are on 18-19 September.
    _assert_matches_brute_force(
        [MEXICO_CITY, QUEZON_CITY, SANTIAGO], date(2026, 9, 3), date(2026, 9, 9), 45
    )


# No common hour, holidays -------------------------------------------------------------------


def test_jakarta_and_sao_paulo_have_no_common_working_hour_but_get_the_least_bad_slots() -> None:
    found = find_slots([JAKARTA, SAO_PAULO], date(2026, 12, 7), date(2026, 12, 11), 60)
    assert found.no_common_hours is True
    assert len(found.slots) == 10
    # Jakarta works 01:00-11:00 UTC and São Paulo 11:00-21:00: any hour inside one's working
    # day is outside the other's, so the best cost an hour each, earliest first.
    assert {s.outside_minutes for s in found.slots} == {60}
    first = found.slots[0]
    assert first.start_utc == datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    jakarta, sao_paulo = first.participants
    assert jakarta.local_start.isoformat() == "2026-12-07T08:00:00+07:00"
    assert sao_paulo.local_start.isoformat() == "2026-12-06T22:00:00-03:00"
    assert (jakarta.outside_minutes, sao_paulo.outside_minutes) == (0, 60)
    starts = [s.start_utc for s in found.slots]
    assert starts == sorted(starts)


def test_a_public_holiday_counts_as_outside_working_hours() -> None:
    # 17 August 2026, a Monday, is Indonesia's Independence Day; Manila works.
    holiday = date(2026, 8, 17)
    assert holiday in holidays.country_holidays("ID", years=2026)
    found = find_slots([JAKARTA, MANILA], holiday, holiday, 60)
    assert found.no_common_hours is True
    best = found.slots[0]
    assert [p.outside_minutes for p in best.participants] == [60, 0]
    # The same day without Indonesia's holidays, and the next day with them, have common hours.
    plain = Participant("jakarta", "Asia/Jakarta", "")
    assert find_slots([plain, MANILA], holiday, holiday, 60).no_common_hours is False
    next_day = holiday + timedelta(days=1)
    assert find_slots([JAKARTA, MANILA], next_day, next_day, 60).no_common_hours is False


def test_holidays_are_kept_in_local_dates() -> None:
    # Brazil's Christmas begins at 03:00 UTC on 25 December: at 02:00 UTC it is still the
    # 24th in São Paulo (a Thursday, a working day until 18:00 local = 21:00 UTC).
    found = find_slots([SAO_PAULO], date(2026, 12, 24), date(2026, 12, 25), 60, limit=MAX_LIMIT)
    inside = {s.start_utc for s in found.slots if s.outside_minutes == 0}
    assert datetime(2026, 12, 24, 20, 0, tzinfo=UTC) in inside
    assert not any(start.date() == date(2026, 12, 25) for start in inside)


def test_a_country_the_holidays_package_does_not_know_has_no_holidays() -> None:
    found = find_slots(
        [Participant(1, "Asia/Jakarta", "XX")], date(2026, 8, 17), date(2026, 8, 17), 60
    )
    assert found.no_common_hours is False


# Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("participants", "first", "last", "minutes", "hours", "code"),
    [
        ([], date(2026, 1, 5), date(2026, 1, 9), 60, WorkingHours(), SlotErrorCode.NO_PARTICIPANTS),
        (
            [Participant(1, "Asia/Atlantis")],
            date(2026, 1, 5),
            date(2026, 1, 9),
            60,
            WorkingHours(),
            SlotErrorCode.UNKNOWN_TIME_ZONE,
        ),
        (
            [Participant(1, "../etc/passwd")],
            date(2026, 1, 5),
            date(2026, 1, 9),
            60,
            WorkingHours(),
            SlotErrorCode.UNKNOWN_TIME_ZONE,
        ),
        (
            [JAKARTA],
            date(2026, 1, 9),
            date(2026, 1, 5),
            60,
            WorkingHours(),
            SlotErrorCode.END_BEFORE_START,
        ),
        (
            [JAKARTA],
            date(2026, 1, 1),
            date(2026, 4, 1),
            60,
            WorkingHours(),
            SlotErrorCode.RANGE_TOO_LONG,
        ),
        (
            [JAKARTA],
            date(2026, 1, 5),
            date(2026, 1, 9),
            0,
            WorkingHours(),
            SlotErrorCode.BAD_DURATION,
        ),
        (
            [JAKARTA],
            date(2026, 1, 5),
            date(2026, 1, 9),
            -30,
            WorkingHours(),
            SlotErrorCode.BAD_DURATION,
        ),
        (
            [JAKARTA],
            date(2026, 1, 5),
            date(2026, 1, 9),
            481,
            WorkingHours(),
            SlotErrorCode.BAD_DURATION,
        ),
        (
            [JAKARTA],
            date(2026, 1, 5),
            date(2026, 1, 9),
            60,
            WorkingHours(start=time(18), end=time(8)),
            SlotErrorCode.BAD_WORKING_HOURS,
        ),
        (
            [JAKARTA],
            date(2026, 1, 5),
            date(2026, 1, 9),
            60,
            WorkingHours(weekdays=frozenset()),
            SlotErrorCode.BAD_WORKING_HOURS,
        ),
    ],
)
def test_bad_requests_are_refused_with_their_reason(
    participants: list[Participant],
    first: date,
    last: date,
    minutes: int,
    hours: WorkingHours,
    code: SlotErrorCode,
) -> None:
    with pytest.raises(SlotError) as refused:
        find_slots(participants, first, last, minutes, hours=hours)
    assert refused.value.code == code


def test_ninety_days_is_the_longest_range() -> None:
    found = find_slots([JAKARTA], date(2026, 1, 1), date(2026, 3, 31), 60, limit=1)
    assert found.candidates == 90 * 48
    with pytest.raises(SlotError) as refused:
        find_slots([JAKARTA], date(2026, 1, 1), date(2026, 4, 1), 60)
    assert refused.value.params == {"days": 91, "max_days": 90}


def test_the_unknown_time_zone_is_named_with_its_participant() -> None:
    with pytest.raises(SlotError) as refused:
        find_slots(
            [JAKARTA, Participant(7, "Mars/Olympus")], date(2026, 1, 5), date(2026, 1, 9), 60
        )
    assert refused.value.params == {"participant": 7, "time_zone": "Mars/Olympus"}
