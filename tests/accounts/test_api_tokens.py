"""Personal API tokens: made and revoked on the account's page, shown once, kept hashed; a
token signs API requests in as its owner, with the scope it was given."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ponte.accounts.models import ApiToken
from ponte.knowledge.models import Item
from tests.factories import ItemFactory, LocalGovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = {"title": "Rain gardens", "summary": "Gardens that hold the rain.", "language": "en"}


@pytest.fixture
def member() -> Any:
    return UserFactory(local_government=LocalGovernmentFactory(slug="surabaya"))


def _make(client: Client, name: str = "script", scope: str = "write", expires: str = "30") -> str:
    response = client.post("/accounts/tokens/", {"name": name, "scope": scope, "expires": expires})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    found = re.search(r'value="(ponte_pat_[A-Za-z0-9_-]+)"', response.content.decode())
    assert found, "the new token's secret is shown"
    return found.group(1)


def _api(token: str, method: str, path: str, body: Any = None, **headers: str) -> Any:
    return Client().generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    )


def test_a_token_is_shown_once_and_kept_only_as_a_digest(client: Client, member: Any) -> None:
    client.force_login(member)
    secret = _make(client, name="Reporting script")
    stored = ApiToken.objects.get(user=member)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    page = client.get("/accounts/tokens/").content.decode()
    assert "Reporting script" in page and stored.prefix in page
    assert secret not in page, "the secret is not shown a second time"


def test_a_write_token_creates_with_the_owners_permissions(client: Client, member: Any) -> None:
    client.force_login(member)
    secret = _make(client)
    created = _api(secret, "POST", "/api/v1/items", NEW)
    assert created.status_code == 201, created.content
    assert created.json()["owner"] == "surabaya"
    # Without a CSRF token, which a bearer request does not need, and without a session.
    item = Item.objects.get(title="Rain gardens")
    assert item.created_by == member
    # The draft is the owner's: a public read with the token sees it, a visitor does not.
    assert _api(secret, "GET", f"/api/v1/items/{item.slug}").status_code == 200
    assert Client().get(f"/api/v1/items/{item.slug}").status_code == 404
    assert ApiToken.objects.get(user=member).last_used_at is not None


def test_a_token_cannot_do_more_than_its_owner(client: Client, member: Any) -> None:
    client.force_login(member)
    secret = _make(client)
    other = ItemFactory(status="draft", owner=LocalGovernmentFactory(city_name="Recife"))
    response = _api(
        secret, "PATCH", f"/api/v1/items/{other.slug}", {"version": 1, "title": "Mine now"}
    )
    assert response.status_code == 404
    assert Item.objects.get(pk=other.pk).title != "Mine now"


def test_a_read_token_cannot_write(client: Client, member: Any) -> None:
    client.force_login(member)
    secret = _make(client, scope="read")
    response = _api(secret, "POST", "/api/v1/items", NEW, **{"Accept-Language": "es"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "lectura" in response.json()["detail"]
    assert not Item.objects.filter(title="Rain gardens").exists()
    assert _api(secret, "GET", "/api/v1/items").status_code == 200


def test_revoked_expired_and_unknown_tokens_are_refused(client: Client, member: Any) -> None:
    client.force_login(member)
    revoked, expired = _make(client, name="old"), _make(client, name="short")
    token = ApiToken.objects.get(name="old")
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    ApiToken.objects.filter(name="short").update(expires_at=timezone.now() - dt.timedelta(days=1))
    for secret, says in (
        (revoked, "revoked"),
        (expired, "expired"),
        ("ponte_pat_" + "x" * 43, "not valid"),
    ):
        for method, path in (("GET", "/api/v1/items"), ("POST", "/api/v1/items")):
            response = _api(secret, method, path, NEW if method == "POST" else None)
            assert response.status_code == 401, (secret, method)
            assert response["Content-Type"] == "application/problem+json"
            assert response["WWW-Authenticate"].startswith("Bearer")
            assert says in response.json()["detail"]
    assert not Item.objects.filter(title="Rain gardens").exists()


def test_only_the_owner_revokes_a_token(client: Client, member: Any) -> None:
    client.force_login(member)
    secret = _make(client)
    token = ApiToken.objects.get(user=member)
    client.force_login(UserFactory())
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert _api(secret, "GET", "/api/v1/items").status_code == 200


def test_a_session_write_still_needs_its_csrf_token(member: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/api/v1/items", json.dumps(NEW), content_type="application/json")
    assert response.status_code == 403
    assert not Item.objects.filter(title="Rain gardens").exists()


def test_a_token_needs_a_name_and_a_known_scope(client: Client, member: Any) -> None:
    client.force_login(member)
    response = client.post("/accounts/tokens/", {"name": "", "scope": "admin", "expires": "30"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
