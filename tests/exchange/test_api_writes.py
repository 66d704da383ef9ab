"""Needs and offers written through the API: the web's services and permissions, retried
creates that write once, and edits that say which version they change (ETag / If-Match)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ponte.exchange.models import Need, Offer
from tests.factories import ItemFactory

pytestmark = pytest.mark.django_db

NEED = {
    "title": "Flood maps for informal settlements",
    "description": "We need help mapping flood risk.",
    "language": "en",
    "themes": ["disaster-risk-reduction"],
    "hazards": ["flood"],
    "formats": ["webinar"],
}
OFFER = {
    "kind": "expertise",
    "title": "Participatory budgeting training",
    "description": "Two days, online.",
    "language": "en",
}


def _send(client: Client, method: str, path: str, body: Any, **headers: str) -> Any:
    return client.generic(
        method,
        path,
        json.dumps(body),
        content_type="application/json",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    )


def test_a_member_drafts_a_need_for_their_own_local_government(client: Client, world: dict) -> None:
    assert _send(client, "POST", "/api/v1/needs", NEED).status_code == 401
    client.force_login(world["surabaya_member"])
    created = _send(client, "POST", "/api/v1/needs", NEED)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["local_government"]["slug"] == "surabaya"
    assert body["hazards"] == ["flood"] and body["version"] == 1
    assert Client().get(f"/api/v1/needs/{body['id']}").status_code == 404  # a draft
    # Not in another local government's name.
    other = _send(client, "POST", "/api/v1/needs", {**NEED, "local_government": "recife"})
    assert other.status_code == 403
    assert Need.objects.count() == 1


def test_offers_in_a_networks_name_are_its_staffs(client: Client, world: dict) -> None:
    client.force_login(world["aspac_staff"])
    mine = _send(client, "POST", "/api/v1/offers", OFFER)
    assert mine.status_code == 201, mine.content
    assert mine.json()["network"] == "uclg-aspac"
    theirs = _send(client, "POST", "/api/v1/offers", {**OFFER, "network": "mercociudades"})
    assert theirs.status_code == 403
    assert Offer.objects.count() == 1


def test_an_offer_builds_on_ones_own_practice(client: Client, world: dict) -> None:
    own = ItemFactory(owner=world["surabaya"], type="practice")
    foreign = ItemFactory(owner=world["recife"], type="practice")
    client.force_login(world["surabaya_member"])
    ok = _send(client, "POST", "/api/v1/offers", {**OFFER, "practice": own.slug})
    assert ok.status_code == 201 and ok.json()["practice"] == own.slug
    refused = _send(client, "POST", "/api/v1/offers", {**OFFER, "practice": foreign.slug})
    assert refused.status_code == 400 and "practice" in refused.json()["errors"]
    unknown = _send(client, "POST", "/api/v1/offers", {**OFFER, "practice": "no-such"})
    assert unknown.status_code == 400
    assert Offer.objects.count() == 1


def test_a_retried_create_with_its_key_writes_once(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    first = _send(client, "POST", "/api/v1/needs", NEED, **{"Idempotency-Key": "need-1"})
    again = _send(client, "POST", "/api/v1/needs", NEED, **{"Idempotency-Key": "need-1"})
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Need.objects.count() == 1
    offer = _send(client, "POST", "/api/v1/offers", OFFER, **{"Idempotency-Key": "need-1"})
    assert offer.status_code == 409  # the same key for another request
    assert Offer.objects.count() == 0


@pytest.mark.parametrize("kind", ["needs", "offers"])
def test_an_edit_names_the_version_it_changes(client: Client, world: dict, kind: str) -> None:
    client.force_login(world["surabaya_member"])
    created = _send(client, "POST", f"/api/v1/{kind}", NEED if kind == "needs" else OFFER)
    url = f"/api/v1/{kind}/{created.json()['id']}"
    read = client.get(url)
    assert read["ETag"] == '"1"'

    missing = _send(client, "PATCH", url, {"title": "No version"})
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"

    edited = _send(client, "PATCH", url, {"title": "Edited"}, **{"If-Match": read["ETag"]})
    assert edited.status_code == 200, edited.content
    assert edited["ETag"] == '"2"' and edited.json()["title"] == "Edited"

    stale = _send(client, "PATCH", url, {"title": "Lost update"}, **{"If-Match": read["ETag"]})
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    conflict = _send(client, "PATCH", url, {"version": 1, "title": "Lost update"})
    assert conflict.status_code == 409
    weak = _send(client, "PATCH", url, {"title": "Lost update"}, **{"If-Match": 'W/"2"'})
    assert weak.status_code == 412  # If-Match compares strongly
    assert client.get(url).json()["title"] == "Edited"

    by_version = _send(client, "PATCH", url, {"version": 2, "title": "Again"})
    assert by_version.status_code == 200 and by_version.json()["version"] == 3


def test_only_its_editors_edit_a_need(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    url = f"/api/v1/needs/{_send(client, 'POST', '/api/v1/needs', NEED).json()['id']}"
    client.force_login(world["semarang_member"])
    assert _send(client, "PATCH", url, {"version": 1, "title": "Mine"}).status_code == 404
    client.force_login(world["aspac_staff"])  # a reviewer sees the draft, may not edit it
    assert _send(client, "PATCH", url, {"version": 1, "title": "Mine"}).status_code in (403, 404)
    assert Need.objects.get().title == NEED["title"]


def test_items_and_profiles_carry_etags_too(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    read = client.get("/api/v1/local-governments/surabaya")
    etag = read["ETag"]
    assert etag == f'"{read.json()["version"]}"'
    url = "/api/v1/local-governments/surabaya"
    ok = _send(client, "PATCH", url, {"official_name": "Kota Surabaya"}, **{"If-Match": etag})
    assert ok.status_code == 200 and ok["ETag"] != etag
    stale = _send(client, "PATCH", url, {"official_name": "Old"}, **{"If-Match": etag})
    assert stale.status_code == 412
    item = ItemFactory(owner=world["surabaya"], status="draft")
    assert client.get(f"/api/v1/items/{item.slug}")["ETag"] == f'"{item.version}"'
    no_version = _send(client, "PATCH", f"/api/v1/items/{item.slug}", {"title": "New"})
    assert no_version.status_code == 428
