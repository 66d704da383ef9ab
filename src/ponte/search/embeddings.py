"""What other apps may read of the search index: stored embeddings, and the same embedding
for text that is not indexed (a draft). Matching builds its world from these, so it never
touches search's tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from django.conf import settings

from ponte.search.models import SearchDocument
from ponte.search.vectors import current_generation, embedder, from_bytes


def stored_embeddings(keys: Iterable[str]) -> Iterator[tuple[str, np.ndarray]]:
    """(key, vector) for each of these documents that has an embedding."""
    rows = SearchDocument.objects.filter(key__in=list(keys), embedding__isnull=False)
    for key, raw in rows.values_list("key", "embedding").iterator(chunk_size=2000):
        if raw is not None:
            yield key, from_bytes(raw)


def embed_passage(text: str) -> np.ndarray:
    """A passage embedding as the index would store it."""
    text = text[: settings.PONTE_SEARCH_EMBED_CHARS]
    return np.asarray(embedder().embed_passages([text])[0], dtype=np.float32)


def embedding_dim() -> int:
    return embedder().dim


def index_generation() -> int:
    """Bumped whenever the index is rebuilt, so readers know their copy is stale."""
    return current_generation()
