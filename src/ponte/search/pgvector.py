"""The pgvector (HNSW) vector store: every SQL statement it runs lives in this module.

The vectors sit in their own table, `search_vector_hnsw` (key, embedding vector(dim)), with an
HNSW index on cosine distance. It is not a Django model and no migration creates it: a
PostgreSQL without the extension (or SQLite) must migrate cleanly, so the table is created
on first use, when the extension is there, and rebuilt by `ponte reindex`. It holds exactly
the public documents that have an embedding; `ponte.search.services` writes to it in the
same transaction as `SearchDocument`, so an unpublished item leaves it at once.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from typing import Literal

import numpy as np
from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from ponte.search.engines.embedder import Vectors

TABLE = "search_vector_hnsw"
INDEX = f"{TABLE}_cosine"
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
# An HNSW graph builds several times faster when it fits in maintenance_work_mem; 100,000
# vectors of 384 dimensions need about 200 MB. Only the rebuilding transaction gets this.
BUILD_MEMORY = "512MB"
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)

ExtensionStatus = Literal["installed", "available", "missing"]


def extension_status(connection: BaseDatabaseWrapper) -> ExtensionStatus:
    """Whether this PostgreSQL has the `vector` extension installed, installable, or not."""
    if connection.vendor != "postgresql":
        return "missing"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT installed_version FROM pg_available_extensions WHERE name = 'vector'"
        )
        row = cursor.fetchone()
    if row is None:
        return "missing"
    return "installed" if row[0] else "available"


def install_extension(connection: BaseDatabaseWrapper) -> str:
    """CREATE EXTENSION vector; the database's reason when that fails, "" when it worked."""
    try:
        # A savepoint: a refused CREATE EXTENSION must not abort the caller's transaction.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except DatabaseError as exc:
        return str(exc).strip().splitlines()[0]
    return ""


def table_dimension(connection: BaseDatabaseWrapper) -> int | None:
    """The dimension of the existing table's vectors, or None when there is no table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.atttypmod FROM pg_attribute a "
            "WHERE a.attrelid = to_regclass(%s) AND a.attname = 'embedding'",
            [TABLE],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _text(vector: Vectors) -> str:
    """pgvector's text form, "[0.1,0.2,…]"; float32 needs no more than 9 significant digits."""
    values = np.asarray(vector, dtype=np.float32).reshape(-1).tolist()
    return "[" + ",".join(["%.9g"] * len(values)) % tuple(values) + "]"


def _copy_rows(rows: list[tuple[str, bytes]], dim: int) -> Iterator[bytes]:
    """Rows in PostgreSQL's binary COPY format; vectors arrive as little-endian float32
    bytes (how SearchDocument stores them) and leave as pgvector's binary form."""
    yield _COPY_SIGNATURE
    vector_header = struct.pack(">ihh", 4 + 4 * dim, dim, 0)
    for key, raw in rows:
        vector = np.frombuffer(raw, dtype="<f4")
        if vector.shape[0] != dim:
            raise ValueError(f"{key}: a vector of {vector.shape[0]} dimensions, expected {dim}")
        encoded_key = key.encode()
        yield (
            struct.pack(">hi", 2, len(encoded_key))
            + encoded_key
            + vector_header
            + vector.astype(">f4").tobytes()
        )
    yield _COPY_TRAILER


def rebuild(
    connection: BaseDatabaseWrapper, batches: Iterable[list[tuple[str, bytes]]], dim: int
) -> int:
    """Replace the table with these batches of (key, float32 bytes) rows, then build the HNSW
    index. One COPY per batch: the batches may be read from this same connection, which
    cannot run a query while a COPY is open.

    The new table is filled and indexed under another name and swapped in at the end of one
    transaction, so searches keep using the old one until then. Bulk-loading first and
    indexing after is much faster than inserting into an existing HNSW index.
    """
    fresh = f"{TABLE}_new"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Two processes rebuilding at once would both create the `_new` table.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [TABLE])
        cursor.execute(f"DROP TABLE IF EXISTS {fresh}")
        cursor.execute(
            f"CREATE TABLE {fresh} (key text PRIMARY KEY, embedding vector({int(dim)}) NOT NULL)"
        )
        copy_sql = f"COPY {fresh} (key, embedding) FROM STDIN (FORMAT BINARY)"
        for batch in batches:
            with cursor.cursor.copy(copy_sql) as copy:
                for chunk in _copy_rows(batch, dim):
                    copy.write(chunk)
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [BUILD_MEMORY])
        cursor.execute(
            f"CREATE INDEX {fresh}_cosine ON {fresh} USING hnsw (embedding vector_cosine_ops) "
            f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
        )
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"ALTER TABLE {fresh} RENAME TO {TABLE}")
        cursor.execute(f"ALTER INDEX {fresh}_pkey RENAME TO {TABLE}_pkey")
        cursor.execute(f"ALTER INDEX {fresh}_cosine RENAME TO {INDEX}")
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return int(cursor.fetchone()[0])


class PgVectorIndex:
    """The `VectorIndex` protocol over the HNSW table (approximate nearest neighbours).

    `search` sets `hnsw.ef_search` for its own transaction only (at least k, or HNSW could
    not return k rows) and joins the documents table, so only public documents come back
    even if a row outlived its document. With `allowed`, the allowed rows are scored
    exactly instead: filtering after an approximate scan could return fewer than k.
    """

    def __init__(
        self,
        connection: BaseDatabaseWrapper,
        *,
        documents_table: str,
        ef_search: int,
    ) -> None:
        self.connection = connection
        self.documents_table = documents_table
        self.ef_search = ef_search

    def __len__(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            return int(cursor.fetchone()[0])

    def upsert(self, keys: list[str], vectors: Vectors) -> None:
        if len(keys) != len(vectors):
            raise ValueError("keys and vectors differ in length")
        if not keys:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (key, embedding) VALUES (%s, %s::vector) "
                "ON CONFLICT (key) DO UPDATE SET embedding = EXCLUDED.embedding",
                [(key, _text(vector)) for key, vector in zip(keys, vectors, strict=True)],
            )

    def remove(self, keys: Iterable[str]) -> None:
        doomed = list(keys)
        if doomed:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE} WHERE key = ANY(%s)", [doomed])

    def search(
        self, vector: Vectors, *, k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        if k <= 0 or (allowed is not None and not allowed):
            return []
        query = _text(vector)
        public = f"JOIN {self.documents_table} d ON d.key = v.key AND d.is_public"  # noqa: S608
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            if allowed is None:
                cursor.execute(
                    "SELECT set_config('hnsw.ef_search', %s, true)",
                    [str(max(self.ef_search, k))],
                )
                cursor.execute(
                    f"SELECT v.key, 1 - (v.embedding <=> %s::vector) FROM {TABLE} v {public} "
                    "ORDER BY v.embedding <=> %s::vector LIMIT %s",
                    [query, query, k],
                )
            else:
                # MATERIALIZED keeps the planner from using the approximate index here.
                cursor.execute(
                    f"WITH c AS MATERIALIZED (SELECT v.key, v.embedding FROM {TABLE} v {public} "
                    "WHERE v.key = ANY(%s)) "
                    "SELECT key, 1 - (embedding <=> %s::vector) AS score FROM c "
                    "ORDER BY score DESC, key LIMIT %s",
                    [sorted(allowed), query, k],
                )
            return [(key, float(score)) for key, score in cursor.fetchall()]
