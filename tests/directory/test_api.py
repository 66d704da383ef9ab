"""The directory's JSON API: filters, pagination, errors and writes."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ponte.accounts.models import Role
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lgs() -> dict[str, object]:
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    result = {}
    for name in ["Surabaya", "Semarang", "Makassar", "Quezon City", "Rosario", "Montevideo"]:
        lg = LocalGovernmentFactory(city_name=name)
        if lg.country_id in {"ID", "PH"}:
            MembershipFactory(local_government=lg, network=aspac)
        result[name] = lg
    return result


def test_list_filters_and_paginates(client: Client, lgs: dict) -> None:
    body = client.get("/api/v1/local-governments", {"region": "asia-pacific", "limit": 2}).json()
    assert body["count"] == 4
    assert [item["name"] for item in body["results"]] == ["Makassar", "Quezon City"]
    second = client.get(
        "/api/v1/local-governments", {"region": "asia-pacific", "limit": 2, "offset": 2}
    ).json()
    assert [item["name"] for item in second["results"]] == ["Semarang", "Surabaya"]
    assert (
        client.get("/api/v1/local-governments", {"network": "uclg-aspac", "country": "PH"}).json()[
            "count"
        ]
        == 1
    )
    by_size = client.get("/api/v1/local-governments", {"sort": "-population", "limit": 1}).json()
    assert by_size["results"][0]["name"] == "Quezon City"  # 2.7 million in GeoNames


def test_list_uses_a_fixed_number_of_queries(client: Client, lgs: dict) -> None:
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/local-governments", {"limit": 100})
    assert len(ctx.captured_queries) <= 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1000}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_bad_pagination_is_a_422_problem(client: Client, params: dict, field: str) -> None:
    response = client.get("/api/v1/local-governments", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


def test_unknown_filter_is_a_400_with_the_field_named(client: Client, lgs: dict) -> None:
    response = client.get("/api/v1/local-governments", {"region": "atlantis", "hazard": "meteor"})
    assert response.status_code == 400
    problem = response.json()
    assert problem["status"] == 400
    assert set(problem["errors"]) == {"region", "hazard"}


def test_detail_and_malformed_ids(client: Client, lgs: dict) -> None:
    slug = lgs["Surabaya"].slug
    detail = client.get(f"/api/v1/local-governments/{slug}").json()
    assert detail["country"] == "ID" and detail["region"] == "asia-pacific"
    assert detail["memberships"][0]["network"] == "uclg-aspac"
    assert client.get("/api/v1/local-governments/no-such-place").status_code == 404
    assert client.get("/api/v1/sdg/goals/eleven").status_code == 422
    assert client.get("/api/v1/sdg/goals/99").status_code == 404
    assert client.get("/api/v1/countries/ZZ").status_code == 404
    assert client.get("/api/v1/sdg/targets/11.5").json()["goal"] == 11


def test_reference_endpoints(client: Client) -> None:
    goals = client.get("/api/v1/sdg/goals").json()
    assert len(goals) == 17 and goals[10]["titles"]["es"]
    goal = client.get("/api/v1/sdg/goals/11").json()
    assert len(goal["targets"]) == 10
    themes = client.get("/api/v1/themes").json()
    assert any(t["slug"] == "climate-finance" for t in themes)
    countries = client.get("/api/v1/countries", {"region": "latin-america", "limit": 100}).json()
    assert "BR" in {c["iso2"] for c in countries["results"]}
    # An unknown region is named in a 400, as with every other filter (found by the fuzzer:
    # it was an empty list).
    unknown = client.get("/api/v1/countries", {"region": "atlantis"})
    assert unknown.status_code == 400 and "region" in unknown.json()["errors"]
    cities = client.get("/api/v1/cities", {"name": "Ciudad de Mexico"}).json()
    assert cities[0]["name"] == "Mexico City"
    assert client.get("/api/v1/cities", {"name": ""}).status_code == 422


def test_networks_and_committees(client: Client, lgs: dict) -> None:
    networks = client.get("/api/v1/networks").json()
    assert networks["results"][0]["member_count"] == 4
    assert client.get("/api/v1/networks/uclg-aspac").json()["slug"] == "uclg-aspac"
    assert client.get("/api/v1/committees/nope").status_code == 404


def test_openapi_document_and_docs_page(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/local-governments" in spec["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower() and "https://" not in docs.content.decode()


def _patch(client: Client, slug: str, body: dict) -> object:
    return client.patch(
        f"/api/v1/local-governments/{slug}", json.dumps(body), content_type="application/json"
    )


def test_patch_requires_sign_in_and_permission(client: Client, lgs: dict) -> None:
    slug = lgs["Surabaya"].slug
    assert _patch(client, slug, {"version": 1, "description": "x"}).status_code == 401
    other = UserFactory(role=Role.MEMBER, local_government=lgs["Semarang"])
    client.force_login(other)
    response = _patch(client, slug, {"version": 1, "description": "x"})
    assert response.status_code == 403
    assert "own local government" in response.json()["detail"]


def test_patch_own_profile_and_conflict(client: Client, lgs: dict) -> None:
    slug = lgs["Surabaya"].slug
    client.force_login(UserFactory(role=Role.MEMBER, local_government=lgs["Surabaya"]))
    ok = _patch(client, slug, {"version": 1, "description": "Kota Pahlawan", "themes": ["waste"]})
    assert ok.status_code == 200
    assert ok.json()["themes"] == ["waste"] and ok.json()["version"] == 2
    stale = _patch(client, slug, {"version": 1, "description": "older"})
    assert stale.status_code == 409
    assert client.get(f"/api/v1/local-governments/{slug}").json()["description"] == "Kota Pahlawan"
    bad = _patch(client, slug, {"version": 2, "population": -5})
    assert bad.status_code == 422


def test_patch_needs_csrf_token_for_session_clients(lgs: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role=Role.MEMBER, local_government=lgs["Surabaya"]))
    response = _patch(client, lgs["Surabaya"].slug, {"version": 1, "description": "x"})
    assert response.status_code == 403
