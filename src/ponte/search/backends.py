"""Lexical full-text backends over SearchDocument.folded, chosen by settings.

SQLite: an FTS5 table kept in sync by triggers, ranked by BM25.
PostgreSQL: to_tsvector('simple', folded) in a narrow table, search_fulltext (id, tsvector),
kept in step by triggers (migration 0004), with a GIN index, ranked by ts_rank.
Text is folded (lower-case, accents stripped) before it reaches either, so both are accent-
and case-insensitive without database extensions.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string

from ponte.search.engines.query import fts5_match, tsquery


class LexicalBackend(Protocol):
    def search(self, terms: list[str], *, limit: int) -> list[int]:
        """SearchDocument ids matching any term, best first."""
        ...


class Fts5Backend:
    def search(self, terms: list[str], *, limit: int) -> list[int]:
        if not terms:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                # "ORDER BY rank" (BM25 by default) lets FTS5 use its top-N optimisation.
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rank LIMIT %s",
                [fts5_match(terms), limit],
            )
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    def search(self, terms: list[str], *, limit: int) -> list[int]:
        expression = tsquery(terms)
        if not expression:
            return []
        with transaction.atomic(), connection.cursor() as cursor:
            # PostgreSQL overestimates how many rows prefix terms ("flood:*") match, about
            # fourfold, and then prefers a (parallel) scan of the whole table to the GIN
            # index: 50-80 ms at 100,000 documents against 3-10 ms (bench/search_speed.py).
            # This transaction only, it is told not to.
            cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
            # search_fulltext holds only (id, tsvector): ranking reads every matching row's
            # tsvector, and from the wide documents table that cost twice the pages
            # (migration 0004). ts_rank, not
            # ts_rank_cd: cover density cost ~7 µs per matching row against ~1.5, and on
            # bench/search_quality the hybrid ranking is the same (docs/search.md).
            cursor.execute(
                "SELECT id FROM search_fulltext, to_tsquery('simple', %s) query "
                "WHERE search_vector @@ query "
                "ORDER BY ts_rank(search_vector, query) DESC, id LIMIT %s",
                [expression, limit],
            )
            return [row[0] for row in cursor.fetchall()]


def lexical_backend() -> LexicalBackend:
    backend: LexicalBackend = import_string(settings.PONTE_SEARCH_BACKEND)()
    return backend


# Schema pieces the migration installs for each vendor.
SQLITE_SCHEMA = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(folded, "
    "content='search_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE OF folded "
    "ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
]
POSTGRES_SCHEMA = [
    "CREATE INDEX IF NOT EXISTS search_document_fulltext ON search_searchdocument "
    "USING gin (to_tsvector('simple', folded))",
]
POSTGRES_STORED_VECTOR = [
    "DROP INDEX IF EXISTS search_document_fulltext",
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED",
    "CREATE INDEX IF NOT EXISTS search_document_vector ON search_searchdocument "
    "USING gin (search_vector)",
]
