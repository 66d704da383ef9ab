"""The search engines on their own, without Django: vectors, fusion, query sanitising."""

from __future__ import annotations

import numpy as np
import pytest

from ponte.search.engines.centring import LanguageCentring, LanguageMean, MeanAccumulator
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


def _unit_vector(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def test_language_centring_lets_the_right_topic_in_another_language_win() -> None:
    rng = np.random.default_rng(7)
    floods, waste, spanish, indonesian = (_unit_vector(rng.normal(size=64)) for _ in range(4))
    # Documents share their language's component; the query is Spanish and about floods.
    documents = {
        "es-waste": _unit_vector(waste + 1.5 * spanish),
        "es-waste-2": _unit_vector(waste + 1.5 * spanish + 0.1 * floods),
        "id-floods": _unit_vector(floods + 1.5 * indonesian),
    }
    query = _unit_vector(floods + 1.5 * spanish)
    hits = sorted(((k, float(query @ v)) for k, v in documents.items()), key=lambda h: -h[1])
    assert hits[0][0].startswith("es-")  # the raw similarity prefers the query's language
    means = [
        LanguageMean("es", _unit_vector(spanish + 0.3 * waste), documents=40),
        LanguageMean("id", _unit_vector(indonesian + 0.3 * floods), documents=40),
    ]
    centring = LanguageCentring.from_means(means, strength=1.0, min_documents=20)
    languages = {"es-waste": "es", "es-waste-2": "es", "id-floods": "id"}
    reranked = [key for key, _score in centring.rerank(query, hits, languages)]
    assert reranked[0] == "id-floods"
    # Within one language the order is the raw order.
    assert [k for k in reranked if k.startswith("es")] == [k for k, _ in hits if k.startswith("es")]


def test_language_centring_needs_two_languages_with_enough_documents() -> None:
    vector = _unit_vector(np.ones(8))
    few = [LanguageMean("es", vector, documents=40), LanguageMean("id", vector, documents=3)]
    assert LanguageCentring.from_means(few, strength=1.0, min_documents=20).offsets == {}
    enough = [LanguageMean("es", vector, documents=40), LanguageMean("id", -vector, documents=30)]
    assert set(LanguageCentring.from_means(enough, strength=1.0, min_documents=20).offsets) == {
        "es",
        "id",
    }
    assert LanguageCentring.from_means(enough, strength=0.0, min_documents=20).offsets == {}


def test_mean_accumulator_averages_per_language_and_skips_unknown() -> None:
    accumulator = MeanAccumulator(dim=2)
    for language, vector in [("es", [1, 0]), ("es", [0, 1]), ("", [5, 5]), ("pt", [2, 2])]:
        accumulator.add(language, np.array(vector, dtype=np.float32))
    means = {m.language: (m.vector.tolist(), m.documents) for m in accumulator.means()}
    assert means == {"es": ([0.5, 0.5], 2), "pt": ([2.0, 2.0], 1)}


def test_lexical_coverage_counts_whole_words_and_long_prefixes() -> None:
    """What the coverage filter of hybrid search counts, checked against the plain definition
    on random documents of real length."""
    import random

    from ponte.search.selectors import MIN_SIGNIFICANT, _coverage

    def expected(folded: str, terms: list[str]) -> float:
        words = set(folded.split())
        significant = [t for t in terms if len(t) >= MIN_SIGNIFICANT] or terms
        hits = [
            t
            for t in significant
            if t in words or (len(t) >= MIN_SIGNIFICANT and any(w.startswith(t) for w in words))
        ]
        return len(hits) / len(significant) if significant else 0.0

    assert _coverage("bank sampah kelurahan", ["bank", "sampa"]) == 1.0  # "sampa" prefixes
    assert _coverage("bank sampah", ["ban", "di"]) == 0.0  # short words only as whole words
    assert _coverage("waste banks", ["waste", "bank", "compost"]) == pytest.approx(2 / 3)
    rng = random.Random(5)
    vocabulary = ["".join(rng.choices("abcde", k=rng.randint(1, 7))) for _ in range(400)]
    for _ in range(300):
        fields = [" ".join(rng.choices(vocabulary, k=rng.randint(0, 300))) for _ in range(3)]
        folded = "\n".join(fields)  # how the index stores it: fields on their own lines
        terms = [w[: rng.randint(1, len(w))] for w in rng.choices(vocabulary, k=rng.randint(1, 6))]
        assert _coverage(folded, terms) == pytest.approx(expected(folded, terms)), (folded, terms)
