"""The matchmaking engine: ranks local governments, practices and offers for a need, and
peers for a local government, each match with the factors that produced its score.

No Django here. The app builds a `World` from the database (ponte.matching.world), the
benchmark builds one from synthetic data, and both call the same functions. Everything is
scored for all candidates at once with numpy: tags are bit sets (one uint64 word per 64
tags, overlaps counted with popcount), texts are unit vectors (one matrix-vector product).

A score is the weighted mean of factor values in [0, 1] over the factors that apply to the
query (a need without hazards is not marked down for hazards), so it is itself in [0, 1] and
each factor's contribution is its share of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

REGION_OTHER, REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA = 0, 1, 2
BRIDGE_REGIONS = {REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA}
WORKING_HOURS = 8.0  # 09:00-17:00 local time


# Bit sets -------------------------------------------------------------------------------------


def bitsets(rows: Sequence[Iterable[int]], size: int) -> np.ndarray:
    """One row of uint64 words per entry, bit i set when tag i is present."""
    words = max(1, (size + 63) // 64)
    out = np.zeros((len(rows), words), dtype=np.uint64)
    for i, row in enumerate(rows):
        for j in row:
            out[i, j >> 6] |= np.uint64(1 << (j & 63))
    return out


def bitset(indices: Iterable[int], size: int) -> np.ndarray:
    return np.asarray(bitsets([list(indices)], size)[0])


def members(bits: np.ndarray) -> list[int]:
    """Tag indices set in one bit-set row."""
    found = []
    for word_index, word in enumerate(bits.tolist()):
        while word:
            low = word & -word
            found.append(word_index * 64 + low.bit_length() - 1)
            word ^= low
    return found


def overlap(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    """How many tags of `query` each row has."""
    return np.asarray(np.bitwise_count(matrix & query).sum(axis=1, dtype=np.int32))


def count(bits: np.ndarray) -> int:
    return int(np.bitwise_count(bits).sum())


# The world ------------------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """Index <-> name of every tag kind; bit i of a theme set is `themes[i]`."""

    themes: list[str]
    targets: list[str]
    goals: list[str]
    hazards: list[str]
    languages: list[str]
    networks: list[str]
    countries: list[str]
    # Per network, the bit set of its working languages (it interprets between them).
    network_languages: np.ndarray


@dataclass
class Places:
    """Local governments, one row each."""

    ids: list[Any]
    names: list[str]
    country: np.ndarray  # int32 index into vocabulary.countries
    region: np.ndarray  # int8 REGION_*
    population: np.ndarray  # int64 people as recorded, 0 when unknown
    coastal: np.ndarray  # bool
    level: np.ndarray  # int8
    utc_offset: np.ndarray  # float32 hours, nan when unknown
    themes: np.ndarray
    targets: np.ndarray
    goals: np.ndarray
    hazards: np.ndarray
    languages: np.ndarray
    networks: np.ndarray
    vectors: np.ndarray  # (n, dim) unit vectors of the profile text, zero when unknown
    # Themes on which the place published a practice with results, and of its open needs.
    evidence_themes: np.ndarray
    need_themes: np.ndarray
    # Derived for the size comparison; explanations quote `population` itself, since a
    # float32 logarithm turned back into people is off by a few (8,540,121 became 8,540,124).
    log_population: np.ndarray = field(init=False)  # float32, nan when unknown

    def __post_init__(self) -> None:
        people = np.asarray(self.population, dtype=np.float64)
        with np.errstate(divide="ignore"):
            self.log_population = np.where(people > 0, np.log10(people), np.nan).astype(np.float32)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Items:
    """Practices or offers, one row each."""

    keys: list[str]
    titles: list[str]
    owner: np.ndarray  # int32 index into places, -1 when a network owns it
    themes: np.ndarray
    targets: np.ndarray
    goals: np.ndarray
    hazards: np.ndarray
    languages: np.ndarray
    evidence: np.ndarray  # float32: 1 with measured results, 0.5 published without
    vectors: np.ndarray

    def __len__(self) -> int:
        return len(self.keys)


@dataclass
class World:
    vocabulary: Vocabulary
    places: Places
    practices: Items
    offers: Items
    # Place index -> indices of places it already has a partnership with.
    partners: dict[int, set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {pk: i for i, pk in enumerate(self.places.ids)}
        places = self.places
        # What a place can answer with: its own tags and those of its practices and offers.
        self.capability_themes = places.themes.copy()
        self.capability_targets = places.targets.copy()
        for items in (self.practices, self.offers):
            owned = items.owner >= 0
            for own, mine in (
                (items.themes, self.capability_themes),
                (items.targets, self.capability_targets),
            ):
                np.bitwise_or.at(mine, items.owner[owned], own[owned])
        # Practices grouped by owner, so "best practice per place" is one reduceat.
        owned_rows = np.flatnonzero(self.practices.owner >= 0)
        order = owned_rows[np.argsort(self.practices.owner[owned_rows], kind="stable")]
        self.practice_order = order
        owners = self.practices.owner[order]
        self.segment_starts = (
            np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            if len(owners)
            else np.zeros(0, dtype=np.int64)
        )
        self.segment_owners = owners[self.segment_starts] if len(owners) else owners


# Queries, weights, rules and results --------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """How much each factor counts. Defaults are documented in docs/matching.md; settings
    override them (PONTE_MATCH_WEIGHTS)."""

    text: float = 0.30
    themes: float = 0.16
    targets: float = 0.08
    hazards: float = 0.10
    context: float = 0.06
    evidence: float = 0.12
    language: float = 0.08
    time_zone: float = 0.04
    bridge: float = 0.04
    new_partner: float = 0.02

    @classmethod
    def from_mapping(cls, values: dict[str, float]) -> Weights:
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"Unknown match weight(s): {', '.join(sorted(unknown))}")
        if any(v < 0 for v in values.values()):
            raise ValueError("Match weights cannot be negative.")
        return replace(cls(), **values)


@dataclass(frozen=True)
class Rules:
    """Hard rules. A place is never matched with itself or its own practices and offers."""

    exclude_partners: bool = False
    max_per_country: int | None = 3
    min_score: float = 0.15


@dataclass(frozen=True)
class NeedQuery:
    requester: int  # place index
    vector: np.ndarray | None
    themes: list[int]
    targets: list[int]
    goals: list[int]
    hazards: list[int]
    languages: list[int]  # preferred; the requester's own when empty
    live: bool  # a webinar or visit: time zones matter


@dataclass(frozen=True)
class Factor:
    code: str
    value: float
    contribution: float
    detail: dict[str, Any]


@dataclass(frozen=True)
class Match:
    kind: str  # "local_government", "practice", "offer"
    key: str
    title: str
    place: Any  # database id of the local government behind it, None for networks
    score: float
    factors: list[Factor]


# Factor values, vectorised over candidates ---------------------------------------------------


def _text_values(similarities: np.ndarray) -> np.ndarray:
    """Cosine similarities of multilingual e5 bunch up (0.7-0.9); rescale so the median
    candidate counts 0 and the best counts 1."""
    if similarities.size == 0:
        return similarities
    middle = (similarities.size - 1) // 2  # the lower median: with two, the weaker one
    low = float(np.partition(similarities, middle)[middle])
    high = float(similarities.max())
    if high - low < 1e-6:
        return np.zeros_like(similarities)
    return np.clip((similarities - low) / (high - low), 0.0, 1.0)


def _fraction(matrix: np.ndarray, wanted: np.ndarray, size: int) -> np.ndarray:
    return overlap(matrix, wanted) / np.float32(size)


def _language_values(
    world: World, languages: np.ndarray, networks: np.ndarray | None, query: NeedQuery
) -> tuple[np.ndarray, np.ndarray]:
    """1 for a shared language, 0.5 when a network both belong to works in a language of
    each (it can interpret), else 0. Returns the values and the mediating network (-1)."""
    requester = world.places
    wanted = (
        bitset(query.languages, len(world.vocabulary.languages))
        if query.languages
        else requester.languages[query.requester]
    )
    values = (overlap(languages, wanted) > 0).astype(np.float32)
    via = np.full(len(values), -1, dtype=np.int32)
    if networks is None:
        return values, via
    requester_languages = requester.languages[query.requester]
    for network in members(requester.networks[query.requester]):
        working = world.vocabulary.network_languages[network]
        if not (requester_languages & working).any():
            continue
        in_network = (networks[:, network >> 6] & np.uint64(1 << (network & 63))) != 0
        mediated = in_network & (overlap(languages, working) > 0) & (values == 0)
        values[mediated] = 0.5
        via[mediated] = network
    return values, via


def _hours_overlap(offsets: np.ndarray, offset: float) -> np.ndarray:
    if np.isnan(offset):
        return np.zeros(len(offsets), dtype=np.float32)
    gap = np.abs(offsets - offset) % 24
    gap = np.minimum(gap, 24 - gap)
    return np.asarray(np.nan_to_num(np.clip(WORKING_HOURS - gap, 0, WORKING_HOURS), nan=0.0))


def _context_values(places: Places, owners: np.ndarray, me: int) -> np.ndarray:
    """Similar size (population within a factor of 10 counts), same coast, same level."""
    valid = owners >= 0
    safe = np.where(valid, owners, 0)
    size_gap = np.abs(places.log_population[safe] - places.log_population[me])
    size = np.nan_to_num(1 - np.minimum(size_gap, 1.0), nan=0.5)
    coast = (places.coastal[safe] == places.coastal[me]).astype(np.float32)
    level = (places.level[safe] == places.level[me]).astype(np.float32)
    return np.where(valid, (size + coast + level) / 3, 0).astype(np.float32)


@dataclass
class _Scored:
    """Factor values per candidate, before picking the top."""

    values: dict[str, np.ndarray]
    weights: dict[str, float]
    extra: dict[str, np.ndarray]

    def total(self) -> np.ndarray:
        weight_sum = sum(self.weights.values()) or 1.0
        total = np.zeros(len(next(iter(self.values.values()))), dtype=np.float32)
        for code, weight in self.weights.items():
            total += np.float32(weight) * self.values[code]
        return total / np.float32(weight_sum)


def _active_weights(weights: Weights, query: NeedQuery, requester_hazards: int) -> dict[str, float]:
    active = {f.name: getattr(weights, f.name) for f in fields(weights)}
    if query.vector is None:
        active.pop("text")
    if not query.themes:
        active.pop("themes")
    if not query.targets:
        active.pop("targets")
    if not query.hazards and not requester_hazards:
        active.pop("hazards")
    if not query.live:
        active.pop("time_zone")
    return {code: w for code, w in active.items() if w > 0}


def _need_hazards(world: World, query: NeedQuery) -> np.ndarray:
    if query.hazards:
        return bitset(query.hazards, len(world.vocabulary.hazards))
    return np.asarray(world.places.hazards[query.requester])


def _per_owner(values: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """A per-place array spread over items by owner (0 where a network owns the item):
    owner-level factors are computed once per place, not once per practice."""
    return np.where(owners >= 0, values[np.where(owners >= 0, owners, 0)], 0).astype(np.float32)


def _tag_values(
    tagged: Items | Places, vocabulary: Vocabulary, query: NeedQuery, hazards: np.ndarray
) -> dict[str, np.ndarray]:
    """Shares of the need's themes, targets (half credit for the same goal) and hazards that
    each practice, offer or place carries."""
    values: dict[str, np.ndarray] = {}
    if query.themes:
        values["themes"] = _fraction(
            tagged.themes, bitset(query.themes, len(vocabulary.themes)), len(query.themes)
        )
    if query.targets:
        exact = _fraction(
            tagged.targets, bitset(query.targets, len(vocabulary.targets)), len(query.targets)
        )
        same_goal = _fraction(
            tagged.goals, bitset(query.goals, len(vocabulary.goals)), max(len(query.goals), 1)
        )
        values["targets"] = np.maximum(exact, 0.5 * same_goal)
    if count(hazards):
        values["hazards"] = _fraction(tagged.hazards, hazards, count(hazards))
    return values


def _score_items(world: World, items: Items, query: NeedQuery, weights: Weights) -> _Scored:
    places = world.places
    me = query.requester
    owners = items.owner
    everyone = np.arange(len(places), dtype=np.int32)
    vocabulary = world.vocabulary
    hazards = _need_hazards(world, query)
    values: dict[str, np.ndarray] = {}
    extra: dict[str, np.ndarray] = {}
    if query.vector is not None:
        extra["similarity"] = items.vectors @ query.vector
        values["text"] = _text_values(extra["similarity"])
    values.update(_tag_values(items, vocabulary, query, hazards))
    values["context"] = _per_owner(_context_values(places, everyone, me), owners)
    values["evidence"] = items.evidence.astype(np.float32)
    # A shared language of the item itself, else one a network of its owner interprets.
    direct, _ = _language_values(world, items.languages, None, query)
    by_place, via_place = _language_values(world, places.languages, places.networks, query)
    mediated = _per_owner(np.where(by_place == 0.5, 0.5, 0), owners)
    values["language"] = np.maximum(direct, mediated)
    extra["via"] = np.where(
        (direct == 0) & (mediated > 0), via_place[np.where(owners >= 0, owners, 0)], -1
    )
    if query.live:
        hours = _hours_overlap(places.utc_offset, float(places.utc_offset[me]))
        values["time_zone"] = _per_owner(hours / WORKING_HOURS, owners)
        extra["hours"] = _per_owner(hours, owners)
    values["bridge"] = _per_owner(_bridge(places, everyone, me), owners)
    values["new_partner"] = _not_partners(world, owners, me)
    active = _active_weights(weights, query, count(hazards))
    return _Scored(values={k: values[k] for k in active}, weights=active, extra=extra)


def _bridge(places: Places, owners: np.ndarray, me: int) -> np.ndarray:
    mine = int(places.region[me])
    if mine not in BRIDGE_REGIONS:
        return np.zeros(len(owners), dtype=np.float32)
    theirs = places.region[np.where(owners >= 0, owners, 0)]
    other = REGION_LATIN_AMERICA if mine == REGION_ASIA_PACIFIC else REGION_ASIA_PACIFIC
    return np.asarray(((theirs == other) & (owners >= 0)).astype(np.float32))


def _not_partners(world: World, owners: np.ndarray, me: int) -> np.ndarray:
    values = (owners >= 0).astype(np.float32)
    partners = world.partners.get(me)
    if partners:
        values[np.isin(owners, np.fromiter(partners, dtype=np.int32))] = 0
    return values


CONTENT_FACTORS = ("text", "themes", "targets", "hazards", "evidence")


def _best_practices(world: World, scored: _Scored) -> tuple[np.ndarray, np.ndarray]:
    """Each place's practice that best answers the need (by the content factors together),
    as (owner place indices, practice indices)."""
    order, starts = world.practice_order, world.segment_starts
    content = np.zeros(len(world.practices), dtype=np.float32)
    for code in CONTENT_FACTORS:
        if code in scored.values:
            content += np.float32(scored.weights[code]) * scored.values[code]
    ranked = content[order]
    best = np.maximum.reduceat(ranked, starts)
    lengths = np.diff(np.r_[starts, len(order)])
    positions = np.flatnonzero(ranked == np.repeat(best, lengths))
    segment = np.searchsorted(starts, positions, side="right") - 1
    _, first = np.unique(segment, return_index=True)
    return world.segment_owners, order[positions[first]]


def _score_places(
    world: World, query: NeedQuery, weights: Weights, by_practice: _Scored | None = None
) -> _Scored:
    """A place answers a need through its profile and through its best practice: a practice
    on the need's themes, facing its hazard, with measured results counts for its city as a
    whole (a city with one such practice beats one with scattered partial matches)."""
    places = world.places
    me = query.requester
    vocabulary = world.vocabulary
    indices = np.arange(len(places), dtype=np.int32)
    hazards = _need_hazards(world, query)
    values: dict[str, np.ndarray] = {}
    extra: dict[str, np.ndarray] = {"best_practice": np.full(len(places), -1, dtype=np.int64)}
    similarity = places.vectors @ query.vector if query.vector is not None else None
    values.update(_tag_values(places, vocabulary, query, hazards))
    values["evidence"] = np.zeros(len(places), dtype=np.float32)
    offers = world.offers
    if similarity is not None and len(offers):
        owned = offers.owner >= 0
        np.maximum.at(similarity, offers.owner[owned], (offers.vectors @ query.vector)[owned])
    if len(world.practice_order):
        by_practice = by_practice or _score_items(world, world.practices, query, weights)
        owners, best = _best_practices(world, by_practice)
        extra["best_practice"][owners] = best
        for code in ("themes", "targets", "hazards", "evidence"):
            if code in values and code in by_practice.values:
                values[code][owners] = np.maximum(
                    values[code][owners], by_practice.values[code][best]
                )
        if similarity is not None:
            raw = by_practice.extra["similarity"][best]
            similarity[owners] = np.maximum(similarity[owners], raw)
    if similarity is not None:
        values["text"] = _text_values(similarity)
    values["context"] = _context_values(places, indices, me)
    values["language"], extra["via"] = _language_values(
        world, places.languages, places.networks, query
    )
    if query.live:
        hours = _hours_overlap(places.utc_offset, float(places.utc_offset[me]))
        values["time_zone"] = (hours / WORKING_HOURS).astype(np.float32)
        extra["hours"] = hours
    values["bridge"] = _bridge(places, indices, me)
    values["new_partner"] = _not_partners(world, indices, me)
    active = _active_weights(weights, query, count(hazards))
    return _Scored(values={k: values[k] for k in active}, weights=active, extra=extra)


# Picking the top and explaining it -----------------------------------------------------------


def _pick(
    scores: np.ndarray,
    *,
    excluded: np.ndarray,
    countries: np.ndarray,
    rules: Rules,
    relevant: np.ndarray,
    limit: int,
) -> list[int]:
    """The best candidates above the floor, at most `max_per_country` from one country."""
    eligible = ~excluded & relevant & (scores >= rules.min_score)
    candidates = np.flatnonzero(eligible)
    if not len(candidates):
        return []
    # Enough head-room that the per-country cap can still fill the list.
    head = min(len(candidates), max(limit * 8, 64))
    top = candidates[np.argpartition(-scores[candidates], head - 1)[:head]]
    top = top[np.lexsort((top, -scores[top]))]
    chosen: list[int] = []
    per_country: dict[int, int] = {}
    for index in top.tolist():
        country = int(countries[index])
        if rules.max_per_country is not None and country >= 0:
            if per_country.get(country, 0) >= rules.max_per_country:
                continue
            per_country[country] = per_country.get(country, 0) + 1
        chosen.append(index)
        if len(chosen) == limit:
            break
    return chosen


def _factors(scored: _Scored, index: int, details: dict[str, dict[str, Any]]) -> list[Factor]:
    weight_sum = sum(scored.weights.values()) or 1.0
    factors = []
    for code, weight in scored.weights.items():
        value = float(scored.values[code][index])
        if value <= 0:
            continue
        factors.append(
            Factor(
                code=code,
                value=round(value, 4),
                contribution=round(weight * value / weight_sum, 4),
                detail=details.get(code, {}),
            )
        )
    factors.sort(key=lambda f: -f.contribution)
    return factors


def _names(bits: np.ndarray, vocabulary: list[str]) -> list[str]:
    return [vocabulary[i] for i in members(bits)]


def _tag_details(
    world: World,
    query: NeedQuery,
    *,
    themes: np.ndarray,
    targets: np.ndarray,
    hazards: np.ndarray,
    languages: np.ndarray,
) -> dict[str, dict[str, Any]]:
    vocabulary = world.vocabulary
    wanted_languages = (
        bitset(query.languages, len(vocabulary.languages))
        if query.languages
        else world.places.languages[query.requester]
    )
    return {
        "themes": {
            "themes": _names(
                themes & bitset(query.themes, len(vocabulary.themes)), vocabulary.themes
            )
        },
        "targets": {
            "targets": _names(
                targets & bitset(query.targets, len(vocabulary.targets)), vocabulary.targets
            )
        },
        "hazards": {"hazards": _names(hazards & _need_hazards(world, query), vocabulary.hazards)},
        "language": {"languages": _names(languages & wanted_languages, vocabulary.languages)},
    }


def _place_details(world: World, index: int, me: int) -> dict[str, dict[str, Any]]:
    places = world.places
    return {
        "context": {
            "population": _population(places, index),
            "coastal": bool(places.coastal[index] and places.coastal[me]),
            "same_level": bool(places.level[index] == places.level[me]),
        },
        "bridge": {"regions": [int(places.region[me]), int(places.region[index])]},
    }


def _population(places: Places, index: int) -> int | None:
    return int(places.population[index]) or None


def match_need(
    world: World,
    query: NeedQuery,
    *,
    kind: str,
    weights: Weights | None = None,
    rules: Rules | None = None,
    limit: int = 10,
) -> list[Match]:
    """Rank candidates of one kind ("local_government", "practice" or "offer") for a need."""
    return match_need_kinds(world, query, kinds=(kind,), weights=weights, rules=rules, limit=limit)[
        kind
    ]


def match_need_kinds(
    world: World,
    query: NeedQuery,
    *,
    kinds: Sequence[str] = ("local_government", "practice", "offer"),
    weights: Weights | None = None,
    rules: Rules | None = None,
    limit: int = 10,
) -> dict[str, list[Match]]:
    """Several kinds at once, as a need's page asks: practices are scored once and serve
    both the practice list and each place's best practice."""
    weights = weights or Weights()
    rules = rules or Rules()
    unknown = set(kinds) - {"local_government", "practice", "offer"}
    if unknown:
        raise ValueError(f"Unknown kind {sorted(unknown)[0]!r}")
    practices: _Scored | None = None
    if {"practice", "local_government"} & set(kinds) and len(world.practices):
        practices = _score_items(world, world.practices, query, weights)
    found = {}
    for kind in kinds:
        if kind == "local_government":
            scored = _score_places(world, query, weights, practices)
        elif kind == "practice":
            scored = practices or _score_items(world, world.practices, query, weights)
        else:
            scored = _score_items(world, world.offers, query, weights)
        found[kind] = _ranked(world, query, kind, scored, rules, limit)
    return found


def _ranked(
    world: World, query: NeedQuery, kind: str, scored: _Scored, rules: Rules, limit: int
) -> list[Match]:
    places = world.places
    me = query.requester
    items = world.practices if kind == "practice" else world.offers
    owners = np.arange(len(places), dtype=np.int32) if kind == "local_government" else items.owner
    if not len(owners):
        return []
    scores = scored.total()
    excluded = owners == me
    if rules.exclude_partners and world.partners.get(me):
        excluded |= np.isin(owners, np.fromiter(world.partners[me], dtype=np.int32))
    relevant = np.zeros(len(owners), dtype=bool)
    for code in ("text", "themes", "targets"):
        if code in scored.values:
            relevant |= scored.values[code] > 0
    if not any(code in scored.values for code in ("text", "themes", "targets")):
        relevant[:] = True
    countries = np.where(owners >= 0, places.country[np.where(owners >= 0, owners, 0)], -1)
    chosen = _pick(
        scores,
        excluded=excluded,
        countries=countries,
        rules=rules,
        relevant=relevant,
        limit=limit,
    )
    results = []
    for index in chosen:
        owner = int(owners[index])
        if kind == "local_government":
            tags = {
                "themes": world.capability_themes[index],
                "targets": world.capability_targets[index],
                "hazards": places.hazards[index],
                "languages": places.languages[index],
            }
            key, title = f"local_government:{places.ids[index]}", places.names[index]
        else:
            tags = {
                "themes": items.themes[index],
                "targets": items.targets[index],
                "hazards": items.hazards[index],
                "languages": items.languages[index],
            }
            key, title = items.keys[index], items.titles[index]
        details = _tag_details(world, query, **tags)
        if owner >= 0:
            details.update(_place_details(world, owner, me))
            details["place"] = {"name": places.names[owner]}
        via = int(scored.extra["via"][index])
        if via >= 0:
            details["language"]["network"] = world.vocabulary.networks[via]
        if "hours" in scored.extra:
            details["time_zone"] = {"hours": float(scored.extra["hours"][index])}
        details["evidence"] = (
            _evidence_detail(world, int(scored.extra["best_practice"][index]))
            if kind == "local_government"
            else {"results": bool(items.evidence[index] >= 1)}
        )
        factors = _factors(scored, index, details)
        for factor in factors:
            factor.detail.setdefault("place", places.names[owner] if owner >= 0 else "")
        results.append(
            Match(
                kind=kind,
                key=key,
                title=title,
                place=places.ids[owner] if owner >= 0 else None,
                score=round(float(scores[index]), 4),
                factors=factors,
            )
        )
    return results


def _evidence_detail(world: World, practice: int) -> dict[str, Any]:
    """For a place, the practice that made it a match (the one the explanation names)."""
    if practice < 0:
        return {}
    practices = world.practices
    return {
        "practice": practices.titles[practice],
        "practice_key": practices.keys[practice],
        "results": bool(practices.evidence[practice] >= 1),
    }


# Peers ----------------------------------------------------------------------------------------


def _jaccard(matrix: np.ndarray, mine: np.ndarray) -> np.ndarray:
    inter = overlap(matrix, mine)
    union = np.bitwise_count(matrix | mine).sum(axis=1, dtype=np.int32)
    return np.where(union > 0, inter / np.maximum(union, 1), 0).astype(np.float32)


def peers(
    world: World,
    place: int,
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    limit: int = 10,
) -> list[Match]:
    """ "Peers like you": similar size, coast, level, hazards, themes and language."""
    weights = weights or Weights()
    rules = rules or Rules()
    places = world.places
    indices = np.arange(len(places), dtype=np.int32)
    values: dict[str, np.ndarray] = {
        "themes": _jaccard(places.themes, places.themes[place]),
        "hazards": _jaccard(places.hazards, places.hazards[place]),
        "context": _context_values(places, indices, place),
        "language": (overlap(places.languages, places.languages[place]) > 0).astype(np.float32),
    }
    if places.vectors[place].any():
        values["text"] = _text_values(places.vectors @ places.vectors[place])
    values["bridge"] = _bridge(places, indices, place)
    values["new_partner"] = _not_partners(world, indices, place)
    active = {code: getattr(weights, code) for code in values if getattr(weights, code) > 0}
    scored = _Scored(values={k: values[k] for k in active}, weights=active, extra={})
    return _place_results(
        world,
        place,
        scored,
        rules,
        limit,
        lambda i: {
            "themes": {
                "themes": _names(places.themes[i] & places.themes[place], world.vocabulary.themes)
            },
            "hazards": {
                "hazards": _names(
                    places.hazards[i] & places.hazards[place], world.vocabulary.hazards
                )
            },
            "language": {
                "languages": _names(
                    places.languages[i] & places.languages[place], world.vocabulary.languages
                )
            },
        },
    )


def learners(
    world: World,
    place: int,
    *,
    weights: Weights | None = None,
    rules: Rules | None = None,
    limit: int = 10,
) -> list[Match]:
    """ "Who could learn from you": places whose open needs and themes fall where this place
    has published practices with results, and that have none of their own there."""
    weights = weights or Weights()
    rules = rules or Rules()
    places = world.places
    mine = places.evidence_themes[place]
    strength = count(mine)
    if not strength:
        return []
    indices = np.arange(len(places), dtype=np.int32)
    asks = overlap(places.need_themes, mine) / np.float32(strength)
    works_on = overlap(places.themes, mine) / np.float32(strength)
    lacks = 1 - overlap(places.evidence_themes, mine) / np.float32(strength)
    values: dict[str, np.ndarray] = {
        # Their open needs weigh most; the themes they work on count half.
        "themes": np.maximum(asks, 0.5 * works_on).astype(np.float32),
        "evidence": np.where((asks > 0) | (works_on > 0), lacks, 0).astype(np.float32),
        "hazards": _jaccard(places.hazards, places.hazards[place]),
        "language": (overlap(places.languages, places.languages[place]) > 0).astype(np.float32),
        "bridge": _bridge(places, indices, place),
        "new_partner": _not_partners(world, indices, place),
    }
    active = {code: getattr(weights, code) for code in values if getattr(weights, code) > 0}
    scored = _Scored(values={k: values[k] for k in active}, weights=active, extra={})
    scored.values["themes"] = values["themes"]
    relevant = values["themes"] > 0
    return _place_results(
        world,
        place,
        scored,
        rules,
        limit,
        lambda i: {
            "themes": {
                "themes": _names(
                    (places.need_themes[i] | places.themes[i]) & mine, world.vocabulary.themes
                ),
                "asks": bool(asks[i] > 0),
            },
            "evidence": {"lacks": True},
            "hazards": {
                "hazards": _names(
                    places.hazards[i] & places.hazards[place], world.vocabulary.hazards
                )
            },
            "language": {
                "languages": _names(
                    places.languages[i] & places.languages[place], world.vocabulary.languages
                )
            },
        },
        relevant=relevant,
    )


def _place_results(
    world: World,
    place: int,
    scored: _Scored,
    rules: Rules,
    limit: int,
    tag_details: Any,
    relevant: np.ndarray | None = None,
) -> list[Match]:
    places = world.places
    scores = scored.total()
    excluded = np.zeros(len(places), dtype=bool)
    excluded[place] = True
    if rules.exclude_partners and world.partners.get(place):
        excluded[list(world.partners[place])] = True
    chosen = _pick(
        scores,
        excluded=excluded,
        countries=places.country,
        rules=rules,
        relevant=np.ones(len(places), dtype=bool) if relevant is None else relevant,
        limit=limit,
    )
    results = []
    for index in chosen:
        details = tag_details(index)
        details.update(_place_details(world, index, place))
        results.append(
            Match(
                kind="local_government",
                key=f"local_government:{places.ids[index]}",
                title=places.names[index],
                place=places.ids[index],
                score=round(float(scores[index]), 4),
                factors=[
                    replace(f, detail={**f.detail, "place": places.names[index]})
                    for f in _factors(scored, index, details)
                ],
            )
        )
    return results
