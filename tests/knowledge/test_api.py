"""The knowledge API applies the web's permissions and speaks problem details."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Flood early warning by SMS",
    "summary": "Alerts reach 90% of households.",
    "language": "en",
    "themes": ["disaster-risk-reduction"],
    "hazards": ["flood"],
    "results": [
        {
            "indicator": "Households reached",
            "unit": "%",
            "baseline": 20,
            "target": 90,
            "achieved": 88,
        }
    ],
}


def _post(client: Client, path: str, body: dict | None = None) -> object:
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def test_create_submit_publish_through_the_api(client: Client, world: dict) -> None:
    assert _post(client, "/api/v1/items", NEW).status_code == 401
    client.force_login(world["surabaya_member"])
    created = _post(client, "/api/v1/items", NEW)
    assert created.status_code == 201
    item = created.json()
    assert (
        item["status"] == "draft"
        and item["owner"] == "surabaya"
        and item["results"][0]["unit"] == "%"
    )
    slug = item["slug"]
    assert Client().get(f"/api/v1/items/{slug}").status_code == 404
    assert _post(client, f"/api/v1/items/{slug}/publish").status_code == 403
    assert _post(client, f"/api/v1/items/{slug}/submit").json()["status"] == "submitted"
    client.force_login(world["merco_staff"])
    assert _post(client, f"/api/v1/items/{slug}/publish").status_code == 404  # cannot even see it
    client.force_login(world["aspac_staff"])
    published = _post(client, f"/api/v1/items/{slug}/publish", {"comment": "ok"})
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert Client().get(f"/api/v1/items/{slug}").status_code == 200


def test_update_conflict_and_validation(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    slug = _post(client, "/api/v1/items", NEW).json()["slug"]
    patch = lambda body: client.patch(
        f"/api/v1/items/{slug}", json.dumps(body), content_type="application/json"
    )  # noqa: E731
    assert patch({"version": 1, "title": "New title"}).json()["version"] == 2
    stale = patch({"version": 1, "title": "Old"})
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    assert patch({"version": 2, "period_start": 2020, "period_end": 2019}).status_code == 400
    assert patch({"version": 2, "results": [{"indicator": "x", "unit": ""}]}).status_code == 422
    bad = _post(client, "/api/v1/items", {**NEW, "themes": ["nope"]})
    assert bad.status_code == 400 and bad.json()["errors"]["themes"] == ["Unknown: nope"]


def test_transition_from_wrong_status_is_a_clear_400(client: Client, world: dict) -> None:
    client.force_login(world["admin"])
    created = _post(client, "/api/v1/items", {**NEW, "owner": "surabaya"})
    response = _post(client, f"/api/v1/items/{created.json()['slug']}/publish")
    assert response.status_code == 400
    assert "submitted for review" in response.json()["detail"]


@pytest.mark.parametrize("target", [1e30, "1e999", "123456789012345.12345"])
def test_a_result_the_column_cannot_hold_is_a_400_and_the_library_keeps_working(
    client: Client, world: dict, target: object
) -> None:
    from ponte.knowledge.models import Item

    client.force_login(world["surabaya_member"])
    body = {**NEW, "results": [{**NEW["results"][0], "target": target}]}
    response = _post(client, "/api/v1/items", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "result 1, target" in response.json()["errors"]["results"][0].lower()
    assert Item.objects.count() == 0
    slug = _post(client, "/api/v1/items", NEW).json()["slug"]
    patched = client.patch(
        f"/api/v1/items/{slug}",
        json.dumps({"version": 1, "results": body["results"]}),
        content_type="application/json",
    )
    assert patched.status_code == 400
    assert client.get(f"/api/v1/items/{slug}").json()["results"][0]["target"] == "90.0000"
    assert client.get("/api/v1/items/export?format=jsonl").status_code == 200
