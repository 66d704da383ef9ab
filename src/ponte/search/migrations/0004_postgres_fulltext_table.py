"""PostgreSQL: move the tsvector from a column of search_searchdocument into a narrow table.

Ranking reads each matching row's tsvector. In the wide documents table (text, facets and a
1.5 kB embedding per row) a query matching 8,000 documents read 2,800 pages; in a table of
(id, tsvector) it reads 1,500, and the whole table is a sixth of the size, so it stays cached
(bench/search_speed.py, docs/search.md). Triggers keep it in step, as FTS5's do on SQLite.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "CREATE TABLE search_fulltext (id bigint PRIMARY KEY, search_vector tsvector NOT NULL)",
    "INSERT INTO search_fulltext (id, search_vector) "
    "SELECT id, to_tsvector('simple', folded) FROM search_searchdocument",
    "CREATE INDEX search_fulltext_vector ON search_fulltext USING gin (search_vector)",
    """
    CREATE FUNCTION search_fulltext_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE search_fulltext;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            DELETE FROM search_fulltext WHERE id = OLD.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_fulltext (id, search_vector)
            VALUES (NEW.id, to_tsvector('simple', NEW.folded));
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER search_fulltext_rows AFTER INSERT OR DELETE ON search_searchdocument "
    "FOR EACH ROW EXECUTE FUNCTION search_fulltext_sync()",
    # Django's save() writes every column: only a changed text is worth re-parsing.
    "CREATE TRIGGER search_fulltext_update AFTER UPDATE OF folded ON search_searchdocument "
    "FOR EACH ROW WHEN (OLD.folded IS DISTINCT FROM NEW.folded) "
    "EXECUTE FUNCTION search_fulltext_sync()",
    "CREATE TRIGGER search_fulltext_truncate AFTER TRUNCATE ON search_searchdocument "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_fulltext_sync()",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fulltext_rows ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_fulltext_update ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_fulltext_truncate ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_fulltext_sync()",
    "DROP TABLE IF EXISTS search_fulltext",
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED",
    "CREATE INDEX IF NOT EXISTS search_document_vector ON search_searchdocument "
    "USING gin (search_vector)",
]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_stored_search_vector")]
    operations = [migrations.RunPython(forward, backward)]
