"""The process-wide vector index and embedder, refreshed from the database when it changes.

Each app server keeps its own in-process index (embedded default). Before answering, it
compares the index generation in the database with the one it loaded and, if they differ,
applies what changed, so every process sees an item leave as soon as it is unpublished.
"""

from __future__ import annotations

import threading
from datetime import datetime
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

from ponte.search.engines.embedder import Embedder
from ponte.search.engines.vectors import ExactIndex, VectorIndex
from ponte.search.models import IndexGeneration, SearchDocument


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    instance: Embedder = import_string(settings.PONTE_EMBEDDER)()
    return instance


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.float32)


class _Loaded:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: VectorIndex | None = None
        self.generation = -1
        self.loaded_until: datetime | None = None
        self.keys: set[str] = set()


_state = _Loaded()


def current_generation() -> int:
    row = IndexGeneration.objects.filter(pk=1).values_list("generation", flat=True).first()
    return int(row or 0)


def vector_index() -> VectorIndex:
    """The index, brought up to date with the database if anything was written since."""
    generation = current_generation()
    if _state.index is not None and generation == _state.generation:
        return _state.index
    with _state.lock:
        if _state.index is None:
            _state.index = ExactIndex(dim=embedder().dim)
            _state.loaded_until = None
            _state.keys = set()
        changed = SearchDocument.objects.filter(is_public=True, embedding__isnull=False)
        if _state.loaded_until is not None:
            changed = changed.filter(updated_at__gte=_state.loaded_until)
        latest = _state.loaded_until
        keys, rows = [], []
        for key, raw, updated in changed.values_list("key", "embedding", "updated_at").iterator(
            chunk_size=2000
        ):
            if raw is None:
                continue
            keys.append(key)
            rows.append(from_bytes(raw))
            latest = updated if latest is None or updated > latest else latest
        if keys:
            _state.index.upsert(keys, np.vstack(rows))
        live = set(
            SearchDocument.objects.filter(is_public=True, embedding__isnull=False).values_list(
                "key", flat=True
            )
        )
        gone = (_state.keys | set(keys)) - live
        _state.index.remove(gone)
        _state.keys = live
        _state.loaded_until = latest
        _state.generation = generation
        return _state.index


def reset() -> None:
    """Forget the loaded index (tests, and after a full rebuild)."""
    with _state.lock:
        _state.index = None
        _state.generation = -1
        _state.loaded_until = None
        _state.keys = set()
