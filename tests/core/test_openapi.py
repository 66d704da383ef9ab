"""The OpenAPI document says what the API answers when it refuses a request, and which values
a parameter takes."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


@pytest.fixture
def document(client: Client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def test_a_write_declares_its_error_responses_as_problems(document: dict) -> None:
    create = document["paths"]["/api/v1/items"]["post"]["responses"]
    assert sorted(create) == ["201", "400", "401", "403", "404", "409", "422", "429"]
    edit = document["paths"]["/api/v1/local-governments/{slug}"]["patch"]["responses"]
    assert sorted(edit) == [
        "200", "400", "401", "403", "404", "409", "412", "422", "428", "429"
    ]  # fmt: skip
    assert all(edit[status]["content"] == PROBLEM for status in edit if status != "200")
    assert "Conflict" in edit["409"]["description"]
    assert "If-Match" in edit["412"]["description"]


def test_edits_take_if_match_and_reads_give_the_etag(document: dict) -> None:
    for path, name in (
        ("/api/v1/items/{slug}", "slug"),
        ("/api/v1/needs/{need_id}", "need_id"),
        ("/api/v1/offers/{offer_id}", "offer_id"),
        ("/api/v1/local-governments/{slug}", "slug"),
    ):
        operations = document["paths"][path]
        assert "ETag" in operations["get"]["responses"]["200"]["headers"], path
        assert "ETag" in operations["patch"]["responses"]["200"]["headers"], path
        parameters = {p["name"]: p for p in operations["patch"]["parameters"]}
        assert set(parameters) == {name, "If-Match"}
        assert parameters["If-Match"]["in"] == "header"


def test_a_list_declares_its_error_responses_and_no_permission_errors(document: dict) -> None:
    responses = document["paths"]["/api/v1/needs"]["get"]["responses"]
    # 401: a bearer token that is revoked or expired is refused on every operation.
    assert sorted(responses) == ["200", "400", "401", "422", "429"]
    assert responses["422"]["content"] == PROBLEM
    assert "token" in responses["401"]["description"]
    detail = document["paths"]["/api/v1/needs/{need_id}"]["get"]["responses"]
    assert "404" in detail and "403" not in detail


def test_the_problem_schema_matches_what_the_api_sends(client: Client, document: dict) -> None:
    schema = document["components"]["schemas"]["Problem"]
    assert set(schema["required"]) == {"title", "status", "detail"}
    body = client.get("/api/v1/needs", {"limit": "0"}).json()
    assert set(body) == set(schema["properties"])
    assert body["status"] == 422 and "limit" in body["errors"]


def test_value_sets_are_declared(document: dict) -> None:
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/needs"]["get"]["parameters"]}
    assert parameters["status"]["schema"]["enum"] == [
        "",  # a cleared filter: open
        "draft",
        "submitted",
        "open",
        "closed",
        "expired",
        "all",
    ]
    assert parameters["offset"]["schema"]["maximum"] == 1_000_000
    schemas = document["components"]["schemas"]
    assert schemas["ItemIn"]["properties"]["type"]["enum"][0] == "practice"
    assert "published" in schemas["ItemOut"]["properties"]["status"]["enum"]
    assert schemas["ProjectOut"]["properties"]["status"]["enum"] == [1, 2, 3, 4, 5, 6]


def test_every_operation_declares_bad_request_and_rate_limit(document: dict) -> None:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"400", "429"} <= set(operation["responses"]), (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in operation["responses"], (method, path)
