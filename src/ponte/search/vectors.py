"""Where the vectors live, and the process-wide embedder.

`vector_store()` is the one place that reads `PONTE_VECTOR_STORE` and decides:

- "process": each app server keeps its own exact in-process index. Before answering, it
  compares the index generation in the database with the one it loaded and, if they differ,
  applies what changed, so every process sees an item leave as soon as it is unpublished.
- "pgvector": an HNSW index in PostgreSQL (`ponte.search.pgvector`), written in the same
  transaction as the documents.
- "auto" (default): pgvector when the database is PostgreSQL and its pgvector table is
  ready, else the in-process index.

Reads never write: deciding the store only looks. Creating the `vector` extension and building
the HNSW table belong to `initialise_store()`, which `ponte init` and `ponte reindex` call.
When pgvector is asked for but missing or not initialised, search falls back to the
in-process index (and says why in the log and in `ponte check`) rather than failing.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

from ponte.search import pgvector
from ponte.search.engines.centring import LanguageCentring
from ponte.search.engines.centring import LanguageMean as Mean
from ponte.search.engines.embedder import Embedder, Vectors
from ponte.search.engines.vectors import ExactIndex, VectorIndex
from ponte.search.models import IndexGeneration, LanguageMean, SearchDocument

logger = logging.getLogger(__name__)
STORE_CHOICES = ("auto", "process", "pgvector")


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    instance: Embedder = import_string(settings.PONTE_EMBEDDER)()
    return instance


def embedder_dim() -> int:
    """The embedder's dimension, without loading a model when its class declares it."""
    declared = getattr(import_string(settings.PONTE_EMBEDDER), "dim", None)
    return declared if isinstance(declared, int) else embedder().dim


# Query embeddings run beside the lexical query (selectors.search): the embedder is C code
# that releases the GIL and touches no database, so the full-text query (in PostgreSQL's
# process, or in SQLite's C code, which also releases the GIL) overlaps it.
def _new_query_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="ponte-embed")


_query_pool = _new_query_pool()


def _after_fork_in_child() -> None:
    # A pre-forking server (gunicorn --preload) warms search up in its parent (ponte.wsgi):
    # each child inherits a pool whose threads did not survive the fork, and a query handed
    # to it would wait for ever.
    global _query_pool
    _query_pool = _new_query_pool()


os.register_at_fork(after_in_child=_after_fork_in_child)


def embed_query_soon(text: str) -> Future[np.ndarray]:
    """Start embedding one query in the background; `.result()` gives its vector."""
    model = embedder()  # loaded here, so a loading error surfaces in the caller's thread
    return _query_pool.submit(lambda: model.embed_queries([text])[0])


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


def _process_index() -> VectorIndex:
    """The in-process index, brought up to date with the database if anything was written."""
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


def _reset_process_index() -> None:
    with _state.lock:
        _state.index = None
        _state.generation = -1
        _state.loaded_until = None
        _state.keys = set()


def _public_vectors(batch_size: int = 5000) -> Iterator[list[tuple[str, bytes]]]:
    """Every public vector, in batches read one query at a time (keyset by id): the
    pgvector rebuild copies each batch on the same connection before reading the next."""
    public = SearchDocument.objects.filter(is_public=True, embedding__isnull=False)
    after = 0
    while True:
        rows = list(
            public.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", "key", "embedding")[:batch_size]
        )
        if not rows:
            return
        after = rows[-1][0]
        yield [(key, bytes(raw)) for _pk, key, raw in rows if raw is not None]


class VectorStore(Protocol):
    """Where search reads nearest neighbours from and where index writes go."""

    name: str
    note: str  # why this store is in use, for `ponte check` and the log

    def index(self) -> VectorIndex: ...

    def write(self, keys: list[str], vectors: Vectors) -> None: ...

    def remove(self, keys: Iterable[str]) -> None: ...

    def rebuild(self) -> int: ...


@dataclass
class ProcessStore:
    note: str
    name: str = "process"
    # pgvector is there but `ponte init` / `ponte reindex` has not set it up: `ponte check`
    # reports the store as unhealthy.
    uninitialised: bool = False

    def index(self) -> VectorIndex:
        return _process_index()

    # Writes go to SearchDocument only: every process reloads what changed from there when
    # the index generation moves.
    def write(self, keys: list[str], vectors: Vectors) -> None:
        return None

    def remove(self, keys: Iterable[str]) -> None:
        return None

    def rebuild(self) -> int:
        _reset_process_index()  # reloaded on the next search
        return SearchDocument.objects.filter(is_public=True, embedding__isnull=False).count()


@dataclass
class PgVectorStore:
    note: str
    name: str = "pgvector"

    def __post_init__(self) -> None:
        # The table exists: `_resolve` chooses this store only then (`initialise_store`
        # builds it).
        self._index = pgvector.PgVectorIndex(
            connection,
            documents_table=SearchDocument._meta.db_table,
            ef_search=settings.PONTE_PGVECTOR_EF_SEARCH,
        )

    def index(self) -> VectorIndex:
        return self._index

    def write(self, keys: list[str], vectors: Vectors) -> None:
        self._index.upsert(keys, vectors)

    def remove(self, keys: Iterable[str]) -> None:
        self._index.remove(keys)

    def rebuild(self) -> int:
        return pgvector.rebuild(connection, _public_vectors(), embedder_dim())


def _check_setting(requested: str) -> None:
    if requested not in STORE_CHOICES:
        raise ImproperlyConfigured(
            f"PONTE_VECTOR_STORE must be one of {', '.join(STORE_CHOICES)}, not {requested!r}."
        )


def _pgvector_problem(refusal: str = "") -> tuple[str, bool]:
    """Why the pgvector store cannot answer in this database ("" when it can), and whether
    `ponte init` / `ponte reindex` would fix it. Only reads."""
    if connection.vendor != "postgresql":
        return f"the database is {connection.vendor}, not PostgreSQL", False
    status = pgvector.extension_status(connection)
    if status == "missing":
        return (
            "PostgreSQL has no pgvector extension (install postgresql-NN-pgvector to keep "
            "vectors in the database)"
        ), False
    if status == "available" and refusal:
        return (
            f"pgvector is available but CREATE EXTENSION vector failed ({refusal}); "
            "run it once as a superuser, then `ponte init`"
        ), True
    if status == "available":
        return "pgvector is available but not created in this database; run `ponte init`", True
    dim, built = embedder_dim(), pgvector.table_dimension(connection)
    if built is None:
        return "the pgvector table has not been built; run `ponte init` or `ponte reindex`", True
    if built != dim:
        return (
            f"the pgvector table holds {built}-dimension vectors but the embedder makes {dim}; "
            "run `ponte reindex`"
        ), True
    return "", False


def _resolve(requested: str, refusal: str = "") -> VectorStore:
    _check_setting(requested)
    setting = f"PONTE_VECTOR_STORE={requested}"
    if requested == "process":
        return ProcessStore(note=f"in-process exact index ({setting}).")
    problem, uninitialised = _pgvector_problem(refusal)
    if not problem:
        return PgVectorStore(
            note=f"pgvector HNSW index in PostgreSQL ({setting}; m={pgvector.HNSW_M}, "
            f"ef_construction={pgvector.HNSW_EF_CONSTRUCTION}, "
            f"ef_search={settings.PONTE_PGVECTOR_EF_SEARCH})."
        )
    if requested == "pgvector":
        logger.warning("PONTE_VECTOR_STORE=pgvector, but %s: using the in-process index.", problem)
    return ProcessStore(
        note=f"in-process exact index ({setting}): {problem}.", uninitialised=uninitialised
    )


_store_lock = threading.Lock()
_store: tuple[tuple[str, str, str], VectorStore] | None = None


def _store_key() -> tuple[str, str, str]:
    # Keyed by setting and database, so a test that overrides either gets a fresh decision.
    return (settings.PONTE_VECTOR_STORE, connection.vendor, str(connection.settings_dict["NAME"]))


def vector_store() -> VectorStore:
    """The vector store for this setting and database, decided once per process.

    A process that fell back to the in-process index keeps it until it restarts: restart
    the app servers and workers after `ponte init` has built the pgvector table.
    """
    global _store
    wanted = _store_key()
    current = _store
    if current is not None and current[0] == wanted:
        return current[1]
    with _store_lock:
        if _store is None or _store[0] != wanted:
            _store = (wanted, _resolve(settings.PONTE_VECTOR_STORE))
        return _store[1]


def initialise_store() -> VectorStore:
    """Create what the configured vector store needs, then decide the store again: `CREATE
    EXTENSION vector` where PostgreSQL has it, and the HNSW table, built from the stored
    vectors, when it is missing or of another dimension. The one place that does; `ponte
    init` and `ponte reindex` call it, a search never does."""
    global _store
    requested = settings.PONTE_VECTOR_STORE
    _check_setting(requested)
    refusal = ""
    if requested != "process" and connection.vendor == "postgresql":
        status = pgvector.extension_status(connection)
        if status == "available":
            refusal = pgvector.install_extension(connection)
            status = "available" if refusal else "installed"
        dim = embedder_dim()
        if status == "installed" and pgvector.table_dimension(connection) != dim:
            pgvector.rebuild(connection, _public_vectors(), dim)
    with _store_lock:
        _store = (_store_key(), _resolve(requested, refusal))
        return _store[1]


def vector_index() -> VectorIndex:
    """The index semantic search asks for nearest neighbours."""
    return vector_store().index()


# The language means change only when recomputed (daily, or by `ponte reindex`): each
# process reads them again at most this often.
CENTRING_TTL_SECONDS = 300.0
_centring: tuple[float, LanguageCentring] | None = None


def language_centring() -> LanguageCentring:
    """The centring search ranks with, from the stored language means."""
    global _centring
    current = _centring
    if current is not None and time.monotonic() - current[0] < CENTRING_TTL_SECONDS:
        return current[1]
    centring = LanguageCentring.from_means(
        (
            Mean(language=row.language, vector=from_bytes(row.vector), documents=row.documents)
            for row in LanguageMean.objects.all()
        ),
        strength=settings.PONTE_SEARCH_LANGUAGE_CENTRING,
        min_documents=settings.PONTE_SEARCH_CENTRING_MIN_DOCUMENTS,
    )
    _centring = (time.monotonic(), centring)
    return centring


def forget_language_centring() -> None:
    global _centring
    _centring = None


def reset() -> None:
    """Forget the loaded index, the store decision and the language means (tests, and after
    a full rebuild)."""
    global _store
    _reset_process_index()
    forget_language_centring()
    with _store_lock:
        _store = None
