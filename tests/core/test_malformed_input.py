"""Malformed input gets a clear 4xx, never a 500: numbers too large for the database, digits
that are not ASCII, NUL characters, ids that are not numbers."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from ponte.accounts.permissions import SYSTEM
from ponte.exchange import services as exchange_services
from ponte.exchange.models import Need

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/local-governments",
    "/api/v1/networks",
    "/api/v1/committees",
    "/api/v1/countries",
    "/api/v1/needs",
    "/api/v1/offers",
    "/api/v1/solidarity-requests",
    "/api/v1/items",
    "/api/v1/partnerships",
    "/api/v1/projects",
]
HUGE = "18446744073709551616"


@pytest.mark.parametrize("path", LISTS)
def test_every_list_refuses_an_offset_or_limit_beyond_its_bounds(client: Client, path: str) -> None:
    assert client.get(path, {"offset": "1000000"}).status_code == 200
    for params, field in (
        ({"offset": HUGE}, "offset"),
        ({"offset": "1000001"}, "offset"),
        ({"offset": "-1"}, "offset"),
        ({"limit": HUGE}, "limit"),
        ({"limit": "0"}, "limit"),
    ):
        response = client.get(path, params)
        assert response.status_code == 422, (path, params)
        assert response["Content-Type"] == "application/problem+json"
        assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/items?goal=²",
        "/library/?goal=²",
        f"/api/v1/items?goal={HUGE}",
        "/api/v1/local-governments/²/peers",
        f"/api/v1/sdg/targets?goal={HUGE}",
    ],
)
def test_numbers_that_are_not_plain_digits_are_a_4xx(client: Client, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500, response.status_code


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/needs/{HUGE}",
        f"/api/v1/offers/{HUGE}",
        f"/api/v1/solidarity-requests/{HUGE}",
        f"/api/v1/partnerships/{HUGE}",
        f"/api/v1/projects/{HUGE}",
        f"/api/v1/sdg/goals/{HUGE}",
        f"/api/v1/local-governments/{HUGE}/peers",
        f"/exchange/needs/{HUGE}/",
        f"/exchange/solidarity/{HUGE}/",
        f"/cooperation/projects/{HUGE}/",
    ],
)
def test_ids_beyond_any_column_are_not_found(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_express_interest_with_a_need_that_is_not_a_number(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    for need in ("abc", HUGE, "²"):
        response = client.post(
            "/matching/interest/", {"need": need, "candidate_key": "local_government:1"}
        )
        assert response.status_code in (400, 404), (need, response.status_code)
        assert "Something is not right" in response.content.decode()


def test_peers_by_id_and_by_slug_still_work(client: Client, world: dict) -> None:
    lg = world["surabaya"]
    assert client.get(f"/api/v1/local-governments/{lg.pk}/peers").status_code == 200
    assert client.get(f"/api/v1/local-governments/{lg.slug}/peers").status_code == 200
    assert client.get("/api/v1/local-governments/nowhere/peers").status_code == 404


# NUL characters: PostgreSQL cannot hold them, so without the check these were 500s there.

NUL_GETS = [
    "/api/v1/local-governments?q=a%00b",
    "/api/v1/items?q=%00",
    "/api/v1/items/%00",
    "/api/v1/search?q=water%00",
    "/api/v1/cities?name=Sur%00",
    "/api/v1/needs?theme=%00",
    "/api/v1/committees?network=%00",
]


@pytest.mark.parametrize("path", NUL_GETS)
def test_a_nul_character_in_an_api_request_is_a_400_problem(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/directory/?q=a%00", "/library/?q=%00", "/search/?q=%00", "/library/%00/"]
)
def test_a_nul_character_in_a_page_request_is_a_400_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_character_in_a_write_is_refused_and_nothing_is_written(
    client: Client, world: dict
) -> None:
    from ponte.knowledge.models import Item

    client.force_login(world["surabaya_member"])
    body = {"title": "Water\u0000", "summary": "x", "language": "en"}
    response = client.post("/api/v1/items", json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    # Text that only looks like an escape is text, and is kept.
    body = {"title": "Writing \\u0000 in JSON", "summary": "x", "language": "en"}
    response = client.post("/api/v1/items", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert Item.objects.get().title == "Writing \\u0000 in JSON"
    form = {"title": "Flood\x00", "description": "x", "language": "en"}
    assert client.post("/exchange/needs/new/", form).status_code == 400
    assert Need.objects.count() == 0


def test_unrelated_requests_are_untouched_by_the_nul_check(client: Client, world: dict) -> None:
    exchange_services.need_create(
        actor=SYSTEM,
        local_government=world["recife"],
        data={"title": "Open need", "description": "x", "language": "en", "status": "open"},
    )
    assert client.get("/api/v1/needs").json()["count"] == 1


def test_refusals_speak_the_readers_language(client: Client) -> None:
    nul = client.get("/api/v1/items?q=%00", HTTP_ACCEPT_LANGUAGE="es").json()
    assert nul["detail"] == "La solicitud contiene un carácter NUL, que ningún campo acepta."
    assert nul["title"] == "Solicitud incorrecta"
    invalid = client.get("/api/v1/needs?offset=-1", HTTP_ACCEPT_LANGUAGE="pt").json()
    assert invalid["title"] == "Requisição inválida"
    page = client.get("/library/?q=%00", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Permintaan berisi karakter NUL" in page
