"""The matching engine alone, on a small hand-built world: hard rules, factors, explanations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ponte.matching import engine

THEMES = ["waste", "water", "heat"]
HAZARDS = ["flood", "heat"]
LANGUAGES = ["en", "es", "id", "pt"]
NETWORKS = ["aspac", "merco", "uclg"]
COUNTRIES = ["AR", "BR", "ID", "PH"]


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def build(partners: dict[int, set[int]] | None = None) -> engine.World:
    """0 Surabaya (ID, asks), 1 Semarang (ID), 2 Rosario (AR), 3 Recife (BR), 4 Quezon (PH)."""
    names = ["Surabaya", "Semarang", "Rosario", "Recife", "Quezon City"]
    country = [2, 2, 0, 1, 3]
    region = [1, 1, 2, 2, 1]
    places = engine.Places(
        ids=[10, 11, 12, 13, 14],
        names=names,
        country=np.array(country, dtype=np.int32),
        region=np.array(region, dtype=np.int8),
        population=np.round(10 ** np.array([6.5, 6.2, 6.1, 6.2, 6.5])).astype(np.int64),
        coastal=np.array([True, True, False, True, True]),
        level=np.zeros(5, dtype=np.int8),
        utc_offset=np.array([7, 7, -3, -3, 8], dtype=np.float32),
        themes=engine.bitsets([[0], [0], [0], [0, 1], [2]], 3),
        targets=engine.bitsets([[], [], [], [], []], 10),
        goals=engine.bitsets([[], [], [], [], []], 17),
        hazards=engine.bitsets([[0], [0], [], [0], [1]], 2),
        languages=engine.bitsets([[2, 0], [2], [1], [3], [0]], 4),
        networks=engine.bitsets([[0, 2], [0], [1, 2], [1], [0]], 3),
        vectors=np.zeros((5, 3), dtype=np.float32),
        evidence_themes=engine.bitsets([[], [0], [0], [0], []], 3),
        need_themes=engine.bitsets([[0], [], [], [], [2]], 3),
    )
    practices = engine.Items(
        keys=["practice:1", "practice:2", "practice:3", "practice:4", "practice:5"],
        titles=["Own waste bank", "Semarang waste", "Rosario compost", "Recife waste", "Heat"],
        owner=np.array([0, 1, 2, 3, 4], dtype=np.int32),
        themes=engine.bitsets([[0], [0], [0], [0], [2]], 3),
        targets=engine.bitsets([[], [], [], [], []], 10),
        goals=engine.bitsets([[], [], [], [], []], 17),
        hazards=engine.bitsets([[0], [0], [], [0], [1]], 2),
        languages=engine.bitsets([[2], [2], [1], [3], [0]], 4),
        evidence=np.array([1, 1, 1, 1, 0.5], dtype=np.float32),
        vectors=np.vstack(
            [unit(1, 0, 0), unit(1, 0.1, 0), unit(1, 0.2, 0), unit(1, 0.15, 0), unit(0, 0, 1)]
        ),
    )
    offers = engine.Items(
        keys=[],
        titles=[],
        owner=np.zeros(0, dtype=np.int32),
        themes=engine.bitsets([], 3),
        targets=engine.bitsets([], 10),
        goals=engine.bitsets([], 17),
        hazards=engine.bitsets([], 2),
        languages=engine.bitsets([], 4),
        evidence=np.zeros(0, dtype=np.float32),
        vectors=np.zeros((0, 3), dtype=np.float32),
    )
    vocabulary = engine.Vocabulary(
        themes=THEMES,
        targets=[str(i) for i in range(10)],
        goals=[str(i) for i in range(1, 18)],
        hazards=HAZARDS,
        languages=LANGUAGES,
        networks=NETWORKS,
        countries=COUNTRIES,
        # UCLG works in English and Spanish: Surabaya (en) and Rosario (es) can talk through it.
        network_languages=engine.bitsets([[0], [1, 3], [0, 1]], 4),
    )
    return engine.World(
        vocabulary=vocabulary,
        places=places,
        practices=practices,
        offers=offers,
        partners=partners or {},
    )


def waste_need(**changes: object) -> engine.NeedQuery:
    values: dict[str, object] = {
        "requester": 0,
        "vector": unit(1, 0.05, 0),
        "themes": [0],
        "targets": [],
        "goals": [],
        "hazards": [0],
        "languages": [],
        "live": False,
    }
    values.update(changes)
    return engine.NeedQuery(**values)  # type: ignore[arg-type]


def test_a_place_is_never_matched_with_itself_or_its_own_practices() -> None:
    world = build()
    places = engine.match_need(world, waste_need(), kind="local_government", limit=10)
    practices = engine.match_need(world, waste_need(), kind="practice", limit=10)
    assert "Surabaya" not in [m.title for m in places]
    assert "practice:1" not in [m.key for m in practices]
    assert practices, "other cities' waste practices are proposed"


def test_existing_partners_are_excluded_only_when_asked() -> None:
    world = build(partners={0: {3}, 3: {0}})
    kept = engine.match_need(world, waste_need(), kind="local_government")
    assert "Recife" in [m.title for m in kept]
    recife = next(m for m in kept if m.title == "Recife")
    assert "new_partner" not in [f.code for f in recife.factors]
    excluded = engine.match_need(
        world, waste_need(), kind="local_government", rules=engine.Rules(exclude_partners=True)
    )
    assert "Recife" not in [m.title for m in excluded]


def test_at_most_n_results_per_country() -> None:
    world = build()
    rules = engine.Rules(max_per_country=1, min_score=0.0)
    found = engine.match_need(world, waste_need(requester=4), kind="local_government", rules=rules)
    countries = [world.places.country[world.position[m.place]] for m in found]
    assert len(countries) == len(set(countries))
    unlimited = engine.match_need(
        world,
        waste_need(requester=4),
        kind="local_government",
        rules=engine.Rules(max_per_country=None, min_score=0.0),
    )
    assert len(unlimited) > len(found)


def test_explanations_name_the_factors_that_produced_the_score() -> None:
    world = build()
    found = engine.match_need(world, waste_need(), kind="local_government")
    recife = next(m for m in found if m.title == "Recife")
    codes = {f.code: f for f in recife.factors}
    assert codes["hazards"].detail["hazards"] == ["flood"]
    assert codes["themes"].detail["themes"] == ["waste"]
    assert codes["evidence"].detail["practice"] == "Recife waste"
    assert codes["bridge"].value == 1.0
    assert math.isclose(sum(f.contribution for f in recife.factors), recife.score, abs_tol=1e-3)


def test_a_network_working_language_bridges_cities_without_a_shared_language() -> None:
    world = build()
    found = engine.match_need(
        world, waste_need(), kind="local_government", rules=engine.Rules(min_score=0)
    )
    rosario = next(m for m in found if m.title == "Rosario")
    language = next(f for f in rosario.factors if f.code == "language")
    assert language.value == 0.5 and language.detail["network"] == "uclg"
    semarang = next(m for m in found if m.title == "Semarang")
    assert next(f for f in semarang.factors if f.code == "language").detail["languages"] == ["id"]


def test_time_zones_count_only_for_live_formats() -> None:
    world = build()
    written = engine.match_need(world, waste_need(), kind="local_government")
    assert all(f.code != "time_zone" for m in written for f in m.factors)
    live = engine.match_need(world, waste_need(live=True), kind="local_government")
    semarang = next(m for m in live if m.title == "Semarang")
    assert next(f for f in semarang.factors if f.code == "time_zone").detail["hours"] == 8
    assert all(f.code != "time_zone" for f in next(m for m in live if m.title == "Rosario").factors)


def test_the_south_south_preference_is_configurable() -> None:
    world = build()
    rules = engine.Rules(min_score=0)
    plain = engine.Weights(bridge=0.0)
    strong = engine.Weights(bridge=1.0)
    before = [
        m.title
        for m in engine.match_need(
            world, waste_need(), kind="local_government", weights=plain, rules=rules
        )
    ]
    after = [
        m.title
        for m in engine.match_need(
            world, waste_need(), kind="local_government", weights=strong, rules=rules
        )
    ]
    assert before.index("Semarang") < before.index("Recife")
    assert after.index("Recife") < after.index("Semarang")


def test_weights_reject_unknown_or_negative_values() -> None:
    assert engine.Weights.from_mapping({"text": 0.5}).text == 0.5
    with pytest.raises(ValueError, match="Unknown"):
        engine.Weights.from_mapping({"colour": 1.0})
    with pytest.raises(ValueError, match="negative"):
        engine.Weights.from_mapping({"text": -1.0})


def test_peers_and_learners() -> None:
    world = build()
    peers = engine.peers(world, 0)
    assert peers[0].title == "Semarang"  # same country size, coast, hazards, themes, language
    learners = engine.learners(world, 1)  # Semarang has evidence on waste
    assert learners[0].title == "Surabaya"  # asks about waste in an open need, has no evidence
    themes = next(f for f in learners[0].factors if f.code == "themes")
    assert themes.detail["asks"] is True
