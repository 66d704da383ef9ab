"""A server process loads search's model and indexes at start-up, not in a user's request."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from ponte.search import vectors
from ponte.search.models import SearchDocument
from ponte.search.warmup import warm_up

pytestmark = pytest.mark.django_db


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("loaded inside a request")


def test_a_server_process_is_warm_before_its_first_search(
    client: Client, library: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors.reset()
    vectors.embedder.cache_clear()  # as in a process that has just started
    # Closing the connection would end the test's transaction; a server has none to keep.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    monkeypatch.delitem(sys.modules, "ponte.wsgi", raising=False)
    importlib.import_module("ponte.wsgi")  # what every server process does before serving

    assert vectors.embedder.cache_info().currsize == 1  # the model is loaded
    assert vectors._store is not None  # the vector store is decided
    assert vectors._centring is not None  # the language means are read
    if vectors._store[1].name == "process":
        public = SearchDocument.objects.filter(is_public=True, embedding__isnull=False)
        assert vectors._state.index is not None and len(vectors._state.index) == public.count()

    # The first search loads nothing: every loader now fails the request if it is called.
    monkeypatch.setattr(vectors, "import_string", _refuse)
    monkeypatch.setattr(vectors, "ExactIndex", _refuse)
    monkeypatch.setattr(vectors, "_resolve", _refuse)
    monkeypatch.setattr(vectors.LanguageCentring, "from_means", _refuse)
    response = client.get("/api/v1/search", {"q": "proteção contra inundações"})
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == library["polder"].title


def test_the_warm_up_does_not_stop_a_server_whose_database_is_not_ready(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from django.db import OperationalError

    def no_database(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("no such table: search_searchdocument")

    monkeypatch.setattr("ponte.search.selectors.search", no_database)
    assert warm_up() is False
    assert "is the database initialised?" in caplog.text


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_server_process_embeds_queries_after_its_parent_warmed_up() -> None:
    """gunicorn --preload warms up in the parent and forks: the query pool must work there."""
    vectors.embed_query_soon("warm up").result()  # the parent's pool now has a thread
    connection.close()  # the child must not share the parent's connection
    pid = os.fork()
    if pid == 0:  # the child: embed one query, report by exit code only
        try:
            vectors.embed_query_soon("banjir rob").result(timeout=30)
        except BaseException:
            os._exit(1)
        os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
