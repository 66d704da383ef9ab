"""The search engines on their own, without Django: vectors, fusion, query sanitising."""

from __future__ import annotations

import numpy as np
import pytest

from ponte.search.engines.fusion import reciprocal_rank_fusion
from ponte.search.engines.query import fts5_match, query_terms, tsquery
from ponte.search.engines.vectors import ExactIndex


def _unit(rows: list[list[float]]) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_exact_index_returns_nearest_first_and_honours_allowed_keys() -> None:
    index = ExactIndex(dim=3)
    index.upsert(["a", "b", "c"], _unit([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0]]))
    query = _unit([[1, 0.05, 0]])[0]
    assert [key for key, _ in index.search(query, k=2)] == ["a", "b"]
    assert [key for key, _ in index.search(query, k=3, allowed={"c"})] == ["c"]
    index.upsert(["a"], _unit([[0, 0, 1]]))  # replacing a vector moves it
    assert index.search(query, k=1)[0][0] == "b"
    index.remove(["b"])
    assert len(index) == 2 and "b" not in [key for key, _ in index.search(query, k=5)]


def test_exact_index_matches_brute_force_on_random_data() -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng.normal(size=(500, 16)).tolist())
    index = ExactIndex(dim=16)
    index.upsert([str(i) for i in range(500)], vectors)
    query = _unit(rng.normal(size=(1, 16)).tolist())[0]
    expected = [str(i) for i in np.argsort(-(vectors @ query))[:10]]
    assert [key for key, _ in index.search(query, k=10)] == expected


def test_rrf_rewards_agreement_between_rankings() -> None:
    fused = reciprocal_rank_fusion([["x", "y", "z"], ["y", "w"]])
    assert fused[0][0] == "y"
    assert {key for key, _ in fused} == {"x", "y", "z", "w"}
    weighted = reciprocal_rank_fusion([["x"], ["w"]], weights=[1.0, 2.0])
    assert weighted[0][0] == "w"


@pytest.mark.parametrize(
    "typed",
    ['"', "NEAR(", "a AND b OR", "col:value", "-", "*", "x' OR 1=1 --", "()", "^^^", "🙂"],
)
def test_any_input_becomes_plain_words(typed: str) -> None:
    terms = query_terms(typed)
    assert all(term.replace(" ", "").isalnum() or term.isalnum() for term in terms)
    for expression in (fts5_match(terms), tsquery(terms)):
        assert "NEAR(" not in expression and "'" not in expression and "--" not in expression


def test_terms_are_folded_and_prefixed() -> None:
    assert query_terms("Orçamento  PARTICIPATIVO") == ["orcamento", "participativo"]
    assert fts5_match(["orcamento", "de"]) == '"orcamento"* OR "de"'
    assert tsquery(["orcamento", "de"]) == "orcamento:* | de"
    assert len(query_terms("word " * 1000)) == 12
