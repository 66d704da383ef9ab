"""Reciprocal-rank fusion: combine ranked lists without comparing their raw scores.

BM25 scores and cosine similarities live on different scales (and e5's cosines are compressed
near 0.8), so fusing by rank is more robust than mixing scores.
"""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], *, weights: Sequence[float] | None = None, k: int = 60
) -> list[tuple[str, float]]:
    """Score each key by sum(weight / (k + rank)) over the lists it appears in; best first."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
