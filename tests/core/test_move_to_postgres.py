"""`ponte move-to-postgres`: an installation begun on SQLite moves to a new PostgreSQL
database with every row, and its pages render from there."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ponte.accounts.models import Role
from ponte.core.backup import row_counts, stored_models
from ponte.core.move import dependency_order
from ponte.knowledge import services as knowledge
from ponte.knowledge.models import Attachment, Item
from tests.core.processes import REPO, ponte_env
from tests.factories import ItemFactory, LocalGovernmentFactory, UserFactory

SERVER = os.environ.get("PONTE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/ponte")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _server_url(database: str) -> str:
    return SERVER.rsplit("/", 1)[0] + f"/{database}"


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards."""
    name = f"ponte_move_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(_server_url("postgres"), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server to move to ({exc})")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _server_url(name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_installation(reference_data: None, tmp_path: Path, settings: object) -> Item:
    if connection.vendor != "sqlite":
        pytest.skip("the move starts from SQLite: run the tests with DATABASE_URL=sqlite://…")
    settings.MEDIA_ROOT = str(tmp_path / "media")  # type: ignore[attr-defined]
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    member = UserFactory(role=Role.MEMBER, local_government=surabaya)
    item = ItemFactory(owner=surabaya, title="Mangrove belts against tidal floods")
    ItemFactory.create_batch(3, owner=surabaya)
    knowledge.attachment_add(actor=member, item=item, upload=SimpleUploadedFile("a.pdf", PDF))
    return item


def _move(target: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`ponte move-to-postgres` as an operator runs it, on the test's SQLite database."""
    return subprocess.run(
        [sys.executable, "-m", "ponte.cli", "move-to-postgres", target],
        env=ponte_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_move_to_postgres_copies_every_row_and_pages_render_there(
    sqlite_installation: Item, fresh_postgres: str, tmp_path: Path
) -> None:
    before = row_counts()
    moved = _move(fresh_postgres, tmp_path)
    assert moved.returncode == 0, moved.stderr[-3000:]
    report = moved.stdout
    assert "every table's count matches" in report
    items = before["knowledge_item"]
    assert re.search(rf"^ +knowledge_item +{items} +{items}$", report, re.MULTILINE), report
    assert re.search(r"^ +table +SQLite +PostgreSQL$", report, re.MULTILINE), report

    with psycopg.connect(fresh_postgres) as target:
        for table, count in before.items():
            [(rows,)] = target.execute(f'SELECT count(*) FROM "{table}"').fetchall()  # noqa: S608
            assert rows == count, table
        # The id sequences go on after the copied rows: a new row gets a new id.
        [(next_id,)] = target.execute(
            "SELECT nextval(pg_get_serial_sequence('knowledge_item', 'id'))"
        ).fetchall()
        assert next_id > Item.objects.order_by("-pk").values_list("pk", flat=True)[0]
    assert row_counts() == before  # the SQLite source is left as it was

    # Ponte on the new database serves the item's page, with its attachment listed.
    page = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.test import Client; "
            f"r = Client().get('/library/{sqlite_installation.slug}/'); "
            "print(r.status_code); print(r.content.decode())",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ponte.settings",
            "DATABASE_URL": fresh_postgres,
            "PONTE_SECRET_KEY": "subprocess-test-secret",
            "PONTE_ALLOWED_HOSTS": "testserver",
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        },
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert page.returncode == 0, page.stderr[-3000:]
    status, body = page.stdout.split("\n", 1)
    assert status == "200"
    assert "Mangrove belts against tidal floods" in body
    assert Attachment.objects.get().name in body


def test_move_refuses_bad_targets_with_a_clear_message(
    sqlite_installation: Item, fresh_postgres: str, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="must be PostgreSQL"):
        call_command("move_to_postgres", "sqlite:///elsewhere.sqlite3")
    moved = _move("postgres://postgres@127.0.0.1:1/nowhere", tmp_path)
    assert moved.returncode == 1
    assert "Cannot reach the target database" in moved.stderr

    with psycopg.connect(fresh_postgres, autocommit=True) as target:
        target.execute("CREATE TABLE notes (id int)")
    moved = _move(fresh_postgres, tmp_path)
    assert moved.returncode == 1
    assert "The target database is not empty (1 tables)" in moved.stderr
    assert "Traceback" not in moved.stderr
    with psycopg.connect(fresh_postgres) as target:
        [(tables,)] = target.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
        assert tables == 1  # nothing was created in it


def test_tables_are_copied_after_those_they_point_to() -> None:
    order = [model._meta.db_table for model in dependency_order(stored_models())]
    assert order.index("directory_localgovernment") < order.index("knowledge_item")
    assert order.index("knowledge_item") < order.index("knowledge_item_themes")
    assert len(order) == len(set(order)) == len(stored_models())
