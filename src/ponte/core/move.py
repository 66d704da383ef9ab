"""`ponte move-to-postgres`: move an installation that began on the embedded SQLite to
PostgreSQL.

1. Check: the source is SQLite with every migration applied; the target is a PostgreSQL
   database Ponte can reach and that has no tables yet.
2. Migrate the target in a `ponte migrate` of its own (DATABASE_URL set to the target), so
   that each migration sees PostgreSQL as its database, as on a new installation.
3. In one transaction on the target: empty what the migrations wrote (content types,
   permissions), copy every model's rows with their ids, tables in the order of their
   foreign keys (PostgreSQL checks those at the commit, so cycles are fine), reset the id
   sequences, and count the rows of each table on both sides. Any difference, or any error,
   rolls the whole copy back. The source is read inside one transaction that holds SQLite's
   write lock, so nothing changes under the copy.

Values go through Django's fields (read with the source's converters, written with
`get_db_prep_save` for the target), as Django itself would write them, without `save()`,
signals or `auto_now`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor

from ponte.core.backup import BackupError, row_counts, stored_models

TARGET = "ponte_move_target"
BATCH = 1000
START_AGAIN = (
    "Nothing was copied. The target now has Ponte's empty tables: drop it and create it "
    "again (dropdb, createdb) before trying again."
)


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


def dependency_order(all_models: list[type[models.Model]]) -> list[type[models.Model]]:
    """Models after those their foreign keys point to (a cycle keeps its members together,
    in name order)."""
    remaining = {model._meta.db_table: model for model in all_models}
    needs = {
        table: {
            field.related_model._meta.db_table
            for field in model._meta.local_concrete_fields
            if field.is_relation and field.related_model is not None
        }
        & set(remaining) - {table}
        for table, model in remaining.items()
    }
    ordered: list[type[models.Model]] = []
    while remaining:
        ready = sorted(table for table in remaining if not needs[table] & set(remaining))
        if not ready:  # a cycle: break it at the first table by name
            ready = [min(remaining)]
        for table in ready:
            ordered.append(remaining.pop(table))
    return ordered


def _target_settings(url: str) -> dict[str, Any]:
    try:
        config = dict(dj_database_url.parse(url))
    except (ValueError, KeyError) as exc:
        raise BackupError(f"Not a database URL: {url!r} ({exc}).") from exc
    if not str(config.get("ENGINE", "")).endswith("postgresql"):
        raise BackupError("The target must be PostgreSQL: postgres://USER:PASSWORD@HOST:PORT/NAME.")
    config["ENGINE"] = "django.db.backends.postgresql"
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), TARGET: config}
    )
    return dict(configured[TARGET])


def _rows(model: type[models.Model], attnames: list[str]) -> Iterator[tuple[Any, ...]]:
    query = model._base_manager.using(DEFAULT_DB_ALIAS).order_by(model._meta.pk.attname)
    yield from query.values_list(*attnames).iterator(chunk_size=BATCH)


def _copy_table(model: type[models.Model]) -> None:
    target = connections[TARGET]
    fields = list(model._meta.local_concrete_fields)
    quote = target.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the models)
        quote(model._meta.db_table),
        ", ".join(quote(str(field.column)) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = _rows(model, [field.attname for field in fields])
    with target.cursor() as cursor:
        while batch := list(islice(rows, BATCH)):
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(value, connection=target)
                        for field, value in zip(fields, row, strict=True)
                    ]
                    for row in batch
                ],
            )


def move_to_postgres(url: str, *, say: Callable[[str], None]) -> list[TableCount]:
    source = connections[DEFAULT_DB_ALIAS]
    if source.vendor != "sqlite":
        raise BackupError(
            f"This installation's database is {source.vendor}, not the embedded SQLite: "
            "there is nothing to move."
        )
    executor = MigrationExecutor(source)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("The SQLite database has migrations to apply: run `ponte init` first.")
    connections.settings[TARGET] = _target_settings(url)
    target = connections[TARGET]
    try:
        try:
            existing = target.introspection.table_names()
        except DatabaseError as exc:
            raise BackupError(f"Cannot reach the target database: {exc}".strip()) from exc
        if existing:
            raise BackupError(
                f"The target database is not empty ({len(existing)} tables): give a new, "
                "empty database (createdb), so that nothing in it is overwritten."
            )
        say("Creating Ponte's tables in PostgreSQL (migrate)…")
        _migrate(url)
        models_in_order = dependency_order(stored_models())
        try:
            counts = _copy(models_in_order)
        except DatabaseError as exc:
            raise BackupError(f"Copying failed: {exc}. {START_AGAIN}") from exc
    finally:
        target.close()
        del connections[TARGET]
        connections.settings.pop(TARGET, None)
    return counts


def _copy(models_in_order: list[type[models.Model]]) -> list[TableCount]:
    """Everything in one transaction on each side: the target keeps all or nothing."""
    target = connections[TARGET]
    target_tables = set(target.introspection.table_names())
    with (
        transaction.atomic(using=DEFAULT_DB_ALIAS),
        transaction.atomic(using=TARGET),
    ):
        with target.cursor() as cursor:
            # What the migrations wrote (content types, permissions) makes way for the
            # source's own rows. Tables kept by triggers (search's) empty themselves.
            written = [
                table
                for table in sorted(target_tables - {"django_migrations"})
                if _has_rows(cursor, target.ops.quote_name(table))
            ]
            if written:
                cursor.execute(
                    "TRUNCATE {} RESTART IDENTITY CASCADE".format(
                        ", ".join(target.ops.quote_name(table) for table in written)
                    )
                )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in models_in_order:
            if model._meta.db_table in target_tables:
                _copy_table(model)
        with target.cursor() as cursor:
            for statement in target.ops.sequence_reset_sql(no_style(), models_in_order):
                cursor.execute(statement)
        before, after = row_counts(DEFAULT_DB_ALIAS), row_counts(TARGET)
        counts = [
            TableCount(table, before.get(table, 0), after.get(table, 0))
            for table in sorted(set(before) | set(after))
        ]
        different = [c for c in counts if c.source != c.target]
        if different:
            listed = ", ".join(f"{c.table} {c.source} → {c.target}" for c in different[:10])
            raise BackupError(f"Row counts differ: {listed}. {START_AGAIN}")
    return counts


def _has_rows(cursor: Any, quoted_table: str) -> bool:
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quoted_table})")  # noqa: S608 (a table name)
    return bool(cursor.fetchone()[0])


def _migrate(url: str) -> None:
    """`ponte migrate` with the target as its database, in a process of its own."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "ponte.cli", "migrate", "--no-input", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise BackupError(f"Migrating the target database failed:\n{tail}\n{START_AGAIN}")
