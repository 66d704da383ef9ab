"""Every page and API operation says who may use it, and one that says nothing is closed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from ninja import Router

from ponte.core.access import Access, access_of, is_ponte_view
from ponte.site import api as site_api
from tests.site.reading import (
    WRITE_METHODS,
    api_operations,
    is_spanish,
    refusal_messages,
    says_in_spanish,
    url_patterns,
)


def test_every_url_declares_access() -> None:
    views = [(route, view) for route, _name, view in url_patterns() if is_ponte_view(view)]
    undeclared = [
        f"/{route} → {view.__module__}.{getattr(view, '__name__', view)}"
        for route, view in views
        if access_of(view) is None
    ]
    assert undeclared == []
    # The walk reaches into every app's URLs (a walk that found nothing would pass too).
    assert len(views) > 80
    assert {view.__module__.split(".")[1] for _route, view in views} >= {
        "site",
        "accounts",
        "directory",
        "search",
        "knowledge",
        "exchange",
        "matching",
        "cooperation",
        "community",
    }


def test_every_api_operation_declares_access() -> None:
    assert site_api.UNDECLARED == []
    operations = api_operations()
    assert len(operations) > 40
    for name, operation in operations.items():
        if name.split(" ", 1)[0] in WRITE_METHODS:
            assert operation.auth_callbacks, f"{name} writes without asking who is writing"
        else:
            assert operation.auth_callbacks or access_of(operation.view_func) is Access.PUBLIC


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.site.undeclared_urls")
def test_a_ponte_view_that_declares_nothing_is_refused() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    refused = client.get("/forgotten/")
    assert refused.status_code == 403
    assert b"Anyone could read this" not in refused.content
    assert "Esta página todavía no está abierta a nadie." in refusal_messages(refused)
    assert says_in_spanish(refused)
    assert client.get("/declared/").status_code == 200
    assert client.get("/foreign/").status_code == 200


def test_an_api_operation_that_declares_nothing_is_closed(rf: RequestFactory) -> None:
    router = Router()

    @router.get("/forgotten")
    def forgotten(request: Any) -> dict[str, bool]:
        return {"open": True}

    @router.get("/asks", auth=lambda request: True)
    def asks(request: Any) -> dict[str, bool]:
        return {"open": True}

    site_api.api._routers.append(("/", router))
    try:
        closed = site_api.refuse_undeclared_operations()
    finally:
        site_api.api._routers.remove(("/", router))
    assert closed == [f"{__name__}.forgotten"]

    operation = router.path_operations["/forgotten"].operations[0]
    with translation.override("es"):
        response = operation.run(rf.get("/api/v1/forgotten"))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert is_spanish(json.loads(response.content)["detail"])
