"""Where vectors live: PONTE_VECTOR_STORE, the pgvector (HNSW) store, and the fallback to the
in-process index when PostgreSQL has no pgvector.

Tests marked by the `pgvector_db` fixture need a PostgreSQL with the extension (scripts/test
runs tests/search a third time on a pgserver instance); the others run on every database.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from ponte.knowledge import services as knowledge
from ponte.search import pgvector, vectors
from ponte.search.models import SearchDocument
from ponte.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def pgvector_db() -> None:
    if connection.vendor != "postgresql" or pgvector.extension_status(connection) == "missing":
        pytest.skip("needs PostgreSQL with pgvector (scripts/test runs these on pgserver)")


def _unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def _stored_keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key FROM {pgvector.TABLE}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_copy_rows_encode_vectors_as_pgvector_does() -> None:
    from pgvector import Vector  # the reference encoder, from the pgvector package

    vector = _unit(np.random.default_rng(3).normal(size=(1, 5)))[0]
    chunks = list(pgvector._copy_rows([("practice:1", vectors.to_bytes(vector))], dim=5))
    row = chunks[1]
    key_length = int.from_bytes(row[2:6], "big")
    encoded = row[6 + key_length + 4 :]
    assert row[6 : 6 + key_length] == b"practice:1"
    assert encoded == Vector(vector.tolist()).to_binary()
    with pytest.raises(ValueError, match="expected 4"):
        list(pgvector._copy_rows([("practice:1", vectors.to_bytes(vector))], dim=4))


def test_an_unknown_store_setting_is_refused() -> None:
    with override_settings(PONTE_VECTOR_STORE="faiss"), pytest.raises(ImproperlyConfigured):
        vectors.vector_store()


def test_process_store_when_asked_for() -> None:
    with override_settings(PONTE_VECTOR_STORE="process"):
        store = vectors.vector_store()
        assert store.name == "process" and "PONTE_VECTOR_STORE=process" in store.note


def test_without_pgvector_search_falls_back_to_the_in_process_index(
    client: Client,
    library: dict,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On SQLite, on PostgreSQL 15 without the extension, and (simulated) anywhere else."""
    if connection.vendor == "postgresql":
        monkeypatch.setattr(pgvector, "extension_status", lambda _connection: "missing")
    for setting in ("auto", "pgvector"):
        with override_settings(PONTE_VECTOR_STORE=setting):
            vectors.reset()
            store = vectors.vector_store()
            assert store.name == "process"
            expected = "no pgvector" if connection.vendor == "postgresql" else "not PostgreSQL"
            assert expected in store.note
            response = client.get("/api/v1/search", {"q": "proteção contra inundações"})
            assert response.status_code == 200
            assert response.json()["results"][0]["title"] == library["polder"].title
            call_command("check")
            out = capsys.readouterr().out
            assert f"Vectors: in-process exact index (PONTE_VECTOR_STORE={setting})" in out
            assert expected in out


def test_auto_falls_back_on_a_postgresql_without_pgvector(client: Client, library: dict) -> None:
    """The real thing, no simulation: runs on the plain PostgreSQL 15 stage of scripts/test."""
    if connection.vendor != "postgresql" or pgvector.extension_status(connection) != "missing":
        pytest.skip("needs a PostgreSQL without pgvector")
    with override_settings(PONTE_VECTOR_STORE="auto"):
        vectors.reset()
        assert vectors.vector_store().name == "process"
        body = client.get("/api/v1/search", {"q": "proteção contra inundações"}).json()
        assert body["results"][0]["title"] == library["polder"].title


def test_a_search_never_creates_the_pgvector_extension_or_table(
    client: Client,
    library: dict,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Reads never write: on a PostgreSQL where pgvector could be created (simulated on any
    PostgreSQL), a search answers from the in-process index and `ponte check` says what to
    run; only `ponte init` / `ponte reindex` create anything."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL can have pgvector")

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("a search tried to create the pgvector store")

    monkeypatch.setattr(pgvector, "extension_status", lambda _connection: "available")
    monkeypatch.setattr(pgvector, "install_extension", refuse)
    monkeypatch.setattr(pgvector, "rebuild", refuse)
    for setting in ("auto", "pgvector"):
        with override_settings(PONTE_VECTOR_STORE=setting):
            vectors.reset()
            response = client.get("/api/v1/search", {"q": "proteção contra inundações"})
            assert response.status_code == 200
            assert response.json()["results"][0]["title"] == library["polder"].title
            with pytest.raises(CommandError, match="not healthy"):
                call_command("check", "--index-strict")
            assert (
                "pgvector is available but not created in this database; run `ponte init`"
                in capsys.readouterr().out
            )


@override_settings(PONTE_VECTOR_STORE="pgvector")
def test_an_uninitialised_pgvector_store_falls_back_until_ponte_init_creates_it(
    pgvector_db: None, library: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(f"DROP TABLE IF EXISTS {pgvector.TABLE}")
        cursor.execute("DROP EXTENSION IF EXISTS vector CASCADE")
    vectors.reset()
    query = "proteção contra inundações na cidade"
    assert search(query, mode="semantic").results[0]["title"] == library["polder"].title
    store = vectors.vector_store()
    assert store.name == "process" and "run `ponte init`" in store.note
    # The search created nothing.
    assert pgvector.extension_status(connection) == "available"
    assert pgvector.table_dimension(connection) is None

    call_command("init")
    assert "Vectors: pgvector HNSW index in PostgreSQL" in capsys.readouterr().out
    assert pgvector.extension_status(connection) == "installed"
    assert vectors.vector_store().name == "pgvector"
    public = set(
        SearchDocument.objects.filter(is_public=True, embedding__isnull=False).values_list(
            "key", flat=True
        )
    )
    assert _stored_keys() == public
    assert search(query, mode="semantic").results[0]["title"] == library["polder"].title


@override_settings(PONTE_VECTOR_STORE="pgvector")
def test_a_pgvector_table_of_another_dimension_is_not_read_until_reindexed(
    pgvector_db: None, library: dict
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {pgvector.TABLE}")
        cursor.execute(f"CREATE TABLE {pgvector.TABLE} (key text PRIMARY KEY, embedding vector(3))")
    vectors.reset()
    store = vectors.vector_store()
    assert store.name == "process"
    assert "holds 3-dimension vectors but the embedder makes 384" in store.note
    assert pgvector.table_dimension(connection) == 3  # untouched by the read
    call_command("reindex")
    assert pgvector.table_dimension(connection) == 384
    assert vectors.vector_store().name == "pgvector"


def test_auto_and_pgvector_choose_hnsw_when_postgresql_has_it(pgvector_db: None) -> None:
    for setting in ("auto", "pgvector"):
        with override_settings(PONTE_VECTOR_STORE=setting):
            vectors.reset()
            vectors.initialise_store()
            store = vectors.vector_store()
            assert store.name == "pgvector"
            assert f"pgvector HNSW index in PostgreSQL (PONTE_VECTOR_STORE={setting}" in store.note
            assert isinstance(store.index(), pgvector.PgVectorIndex)
            assert pgvector.extension_status(connection) == "installed"
            assert pgvector.table_dimension(connection) == vectors.embedder().dim


@override_settings(PONTE_VECTOR_STORE="pgvector")
def test_hnsw_store_finds_the_indonesian_practice_for_a_portuguese_query(
    pgvector_db: None,
    library: dict,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vectors.reset()
    public = set(
        SearchDocument.objects.filter(is_public=True, embedding__isnull=False).values_list(
            "key", flat=True
        )
    )
    assert _stored_keys() == public and f"practice:{library['polder'].pk}" in public
    hit = search("proteção contra inundações na cidade", mode="semantic").results[0]
    assert hit["title"] == "Sistem polder untuk mengatasi banjir rob"
    call_command("check", "--index-strict")
    assert (
        f"HNSW index in PostgreSQL (PONTE_VECTOR_STORE=pgvector; m=16, ef_construction=64, ef_search=100). {len(public)} vectors."
        in capsys.readouterr().out
    )


@override_settings(PONTE_VECTOR_STORE="pgvector")
def test_hnsw_store_drops_an_unpublished_item_at_once(
    pgvector_db: None,
    library: dict,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    world_staff,  # type: ignore[no-untyped-def]
) -> None:
    vectors.reset()
    item = library["polder"]
    key = f"practice:{item.pk}"
    query = "proteção contra inundações na cidade"
    assert search(query, mode="semantic").results[0]["title"] == item.title
    with django_capture_on_commit_callbacks(execute=True):
        knowledge.item_transition(actor=world_staff, item=item, action="archive")
    assert key not in _stored_keys()
    assert all(hit["title"] != item.title for hit in search(query, mode="semantic").results)


@override_settings(PONTE_VECTOR_STORE="pgvector")
def test_hnsw_store_never_returns_a_row_whose_document_is_not_public(
    pgvector_db: None,
    library: dict,
) -> None:
    """Defence in depth: a vector row that outlived its document's publication is skipped."""
    vectors.reset()
    index = vectors.vector_index()
    key = f"practice:{library['polder'].pk}"
    vector = vectors.embedder().embed_queries(["proteção contra inundações na cidade"])[0]
    assert index.search(vector, k=1)[0][0] == key
    SearchDocument.objects.filter(key=key).update(is_public=False)  # bypasses the services
    assert key in _stored_keys()
    assert key not in [found for found, _score in index.search(vector, k=10)]


@override_settings(PONTE_VECTOR_STORE="pgvector")
def test_reindex_rebuilds_the_hnsw_table(
    pgvector_db: None,
    library: dict,
    capsys: pytest.CaptureFixture[str],
) -> None:
    vectors.reset()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {pgvector.TABLE}")  # noqa: S608
    call_command("check")
    assert "0 vectors for" in capsys.readouterr().out
    call_command("reindex")
    assert "vectors." in capsys.readouterr().out
    expected = set(
        SearchDocument.objects.filter(is_public=True, embedding__isnull=False).values_list(
            "key", flat=True
        )
    )
    assert _stored_keys() == expected and expected


@override_settings(PONTE_VECTOR_STORE="pgvector", PONTE_PGVECTOR_EF_SEARCH=40)
def test_hnsw_agrees_with_exact_search_and_honours_allowed(pgvector_db: None) -> None:
    vectors.reset()
    vectors.initialise_store()
    dim = vectors.embedder().dim
    rng = np.random.default_rng(7)
    matrix = _unit(rng.normal(size=(2000, dim)))
    keys = [f"x:{i}" for i in range(len(matrix))]
    SearchDocument.objects.bulk_create(
        SearchDocument(key=key, type="x", object_pk=key, title=key, url="/") for key in keys
    )
    index = vectors.vector_index()
    index.upsert(keys, matrix)
    exact = vectors.ExactIndex(dim=dim)
    exact.upsert(keys, matrix)
    agree = 0
    for query in _unit(rng.normal(size=(20, dim))):
        found = index.search(query, k=10)
        assert len(found) == 10
        assert [score for _key, score in found] == sorted(
            (score for _key, score in found), reverse=True
        )
        agree += len({key for key, _ in found} & {key for key, _ in exact.search(query, k=10)})
        allowed = set(keys[::97])
        filtered, expected = (store.search(query, k=5, allowed=allowed) for store in (index, exact))
        assert [key for key, _ in filtered] == [key for key, _ in expected]  # exact, not HNSW
        assert [score for _, score in filtered] == pytest.approx([s for _, s in expected], abs=1e-5)
    assert agree / 200 >= 0.9  # random 384-d vectors are HNSW's hardest case
    index.remove(keys[:1000])
    assert len(index) == 1000
    assert index.search(matrix[0], k=5, allowed={keys[0]}) == []
