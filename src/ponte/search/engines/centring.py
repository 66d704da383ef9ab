"""Language centring: take the language out of cross-lingual similarity.

Multilingual embeddings carry a component shared by every text of one language. A query
therefore scores documents in its own language higher than equally relevant documents in
another (on bench/search_quality, a Spanish query about tidal floods ranked five Spanish
practices above the Indonesian polder practice it wanted). Subtracting each language's mean
vector removes that component (Libovický et al., "On the Language Neutrality of Pre-trained
Multilingual Representations", 2020).

Search applies it when ranking, not in the stored vectors: for a query q and a document d
in language L, the score q·d becomes q·d - strength * q·(c_L - m), where c_L is the mean
of the documents in L and m the mean of those language means. The adjustment is one number
per language and query, so within a language the order never changes, and the means can be
recomputed at any time without touching the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ponte.search.engines.embedder import Vectors


@dataclass(frozen=True)
class LanguageMean:
    language: str
    vector: Vectors
    documents: int


@dataclass(frozen=True)
class LanguageCentring:
    """Per-language offsets (c_L - m) scaled by strength; languages without one are left
    as they are."""

    offsets: Mapping[str, Vectors] = field(default_factory=dict)

    @classmethod
    def from_means(
        cls, means: Iterable[LanguageMean], *, strength: float, min_documents: int
    ) -> LanguageCentring:
        """Only languages with enough documents get an offset: the mean of a handful of
        documents is their topic, not their language."""
        kept = [mean for mean in means if mean.documents >= min_documents]
        if len(kept) < 2 or strength == 0:
            return cls()
        overall = np.mean([mean.vector for mean in kept], axis=0)
        return cls(
            offsets={
                mean.language: (strength * (mean.vector - overall)).astype(np.float32)
                for mean in kept
            }
        )

    def rerank(
        self, query: Vectors, hits: list[tuple[str, float]], languages: Mapping[str, str]
    ) -> list[tuple[str, float]]:
        """`hits` (key, similarity) re-scored and re-sorted; `languages` gives each key's."""
        if not self.offsets:
            return hits
        bias = {language: float(query @ offset) for language, offset in self.offsets.items()}
        rescored = [(key, score - bias.get(languages.get(key, ""), 0.0)) for key, score in hits]
        return sorted(rescored, key=lambda hit: -hit[1])


class MeanAccumulator:
    """Running sums per language, so the means of 100,000 vectors need not sit in memory."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._sums: dict[str, np.ndarray] = {}
        self._counts: dict[str, int] = {}

    def add(self, language: str, vector: Vectors) -> None:
        if not language:
            return
        if language not in self._sums:
            self._sums[language] = np.zeros(self.dim, dtype=np.float64)
            self._counts[language] = 0
        self._sums[language] += vector
        self._counts[language] += 1

    def means(self) -> list[LanguageMean]:
        return [
            LanguageMean(
                language=language,
                vector=(total / self._counts[language]).astype(np.float32),
                documents=self._counts[language],
            )
            for language, total in sorted(self._sums.items())
        ]
