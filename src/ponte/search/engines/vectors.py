"""Vector indexes: nearest neighbours by cosine similarity over unit vectors.

`ExactIndex` keeps every vector in one numpy matrix and scores all of them per query: on two
cores a 100,000 x 384 float32 matrix is one ~10 ms matrix-vector product, exact by
construction, and simple enough to be obviously right. It is the embedded default.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Protocol

import numpy as np
from threadpoolctl import ThreadpoolController

from ponte.search.engines.embedder import Vectors

# A matrix-vector product is memory-bound: one BLAS thread is as fast as several, and
# multi-threaded BLAS fights the embedding model's own threads for the two cores (query
# embedding p95 rose from 18 to 105 ms in bench/search_speed when both ran).
_threadpools = ThreadpoolController()


class VectorIndex(Protocol):
    """Keyed unit vectors; `search` returns (key, cosine similarity), best first."""

    def upsert(self, keys: list[str], vectors: Vectors) -> None: ...

    def remove(self, keys: Iterable[str]) -> None: ...

    def search(
        self, vector: Vectors, *, k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]: ...

    def __len__(self) -> int: ...


class ExactIndex:
    """In-process, exact cosine search. Thread-safe: writers swap whole arrays under a lock."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._lock = threading.Lock()
        self._keys: list[str] = []
        self._position: dict[str, int] = {}
        self._matrix = np.zeros((0, dim), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._keys)

    def upsert(self, keys: list[str], vectors: Vectors) -> None:
        if len(keys) != len(vectors):
            raise ValueError("keys and vectors differ in length")
        with self._lock:
            matrix = self._matrix
            fresh_keys, fresh_rows = [], []
            for key, vector in zip(keys, vectors, strict=True):
                if key in self._position:
                    matrix[self._position[key]] = vector
                else:
                    fresh_keys.append(key)
                    fresh_rows.append(vector)
            if fresh_rows:
                start = len(self._keys)
                matrix = np.vstack([matrix, np.asarray(fresh_rows, dtype=np.float32)])
                for offset, key in enumerate(fresh_keys):
                    self._position[key] = start + offset
                self._keys = self._keys + fresh_keys
            self._matrix = matrix

    def remove(self, keys: Iterable[str]) -> None:
        doomed = {key for key in keys if key in self._position}
        if not doomed:
            return
        with self._lock:
            keep = [i for i, key in enumerate(self._keys) if key not in doomed]
            self._keys = [self._keys[i] for i in keep]
            self._matrix = self._matrix[keep]
            self._position = {key: i for i, key in enumerate(self._keys)}

    def search(
        self, vector: Vectors, *, k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        keys, matrix = self._keys, self._matrix  # one consistent snapshot
        if not keys or k <= 0:
            return []
        with _threadpools.limit(limits=1, user_api="blas"):
            scores = matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
        if allowed is not None:
            mask = np.fromiter((key in allowed for key in keys), dtype=bool, count=len(keys))
            scores = np.where(mask, scores, -np.inf)
        k = min(k, len(keys))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(keys[i], float(scores[i])) for i in top if np.isfinite(scores[i])]
