"""Full-text structures that Django's ORM does not describe: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

from ponte.search.backends import POSTGRES_SCHEMA, SQLITE_SCHEMA


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    statements = {"sqlite": SQLITE_SCHEMA, "postgresql": POSTGRES_SCHEMA}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_fulltext")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
