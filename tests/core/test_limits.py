"""Rate limits per client on expensive endpoints and on password reset and sign-up: a clear
429 with Retry-After, as a page on the web and a problem document in the API."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from ponte.core.env import env_rate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Too many requests from you in a short time. Try again in"


@pytest.fixture
def limits(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set some scopes' rates: limits(search="2/m"). The clock django-ratelimit reads stands
    still, so that no window ends in the middle of a test."""
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_000.0))

    def set_limits(**rates: str) -> None:
        settings.PONTE_RATE_LIMITS = {**settings.PONTE_RATE_LIMITS, **rates}

    return set_limits


def _retry_after(response: Any, period: int = 60) -> int:
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= period
    return seconds


def _assert_problem(response: Any, period: int = 60) -> None:
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 429 and problem["title"] == "Too many requests"
    assert problem["detail"].startswith(REFUSAL)
    _retry_after(response, period)


def test_search_page_and_api_share_one_limit(client: Client, limits: Any) -> None:
    limits(search="2/m")
    assert client.get("/search/").status_code == 200  # the empty form is not a search
    assert client.get("/search/", {"q": "banjir"}).status_code == 200
    assert client.get("/api/v1/search", {"q": "banjir"}).status_code == 200
    page = client.get("/search/", {"q": "banjir"})
    assert page.status_code == 429 and REFUSAL in page.content.decode()
    seconds = _retry_after(page)
    assert f"Try again in {seconds} second" in page.content.decode()
    # htmx asks for the results region only: it gets the message there.
    partial = client.get(
        "/search/", {"q": "banjir"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )
    assert partial.status_code == 429 and "<html" not in partial.content.decode()
    assert REFUSAL in partial.content.decode()
    _assert_problem(client.get("/api/v1/search", {"q": "banjir"}))
    spanish = client.get("/search/", {"q": "banjir"}, HTTP_ACCEPT_LANGUAGE="es")
    assert "Demasiadas solicitudes suyas en poco tiempo." in spanish.content.decode()
    # Another client is not held back by this one.
    assert Client(REMOTE_ADDR="10.1.2.3").get("/api/v1/search", {"q": "banjir"}).status_code == 200


def test_signed_in_people_are_counted_by_account_not_address(client: Client, limits: Any) -> None:
    limits(search="1/m")
    client.force_login(UserFactory())
    assert client.get("/api/v1/search", {"q": "banjir"}).status_code == 200
    assert client.get("/api/v1/search", {"q": "banjir"}).status_code == 429
    colleague = Client()  # the same office address, another account
    colleague.force_login(UserFactory())
    assert colleague.get("/api/v1/search", {"q": "banjir"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/items/export?format=csv",
        "/api/v1/items/export?format=jsonl",
        "/api/v1/partnerships.csv",
        "/api/v1/partnerships.xlsx",
        "/api/v1/projects.csv",
        "/api/v1/projects.xlsx",
        "/api/v1/projects.iati.xml",
    ],
)
def test_exports_are_limited(client: Client, limits: Any, path: str) -> None:
    limits(export="1/h")
    assert client.get(path).status_code == 200
    _assert_problem(client.get(path), period=3600)


def test_preview_needs_sign_in_a_size_limit_and_a_rate_limit(
    client: Client, limits: Any, settings: Any
) -> None:
    limits(preview="2/m")
    settings.PONTE_PREVIEW_MAX_CHARS = 1000
    anonymous = client.post("/library/preview/", {"body": "**bold**"})
    # Visitors are sent to sign in first (the view is declared @signed_in); nothing rendered.
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")

    client.force_login(UserFactory())
    assert (
        "<strong>bold</strong>"
        in client.post("/library/preview/", {"body": "**bold**"}).content.decode()
    )
    too_long = client.post(
        "/library/preview/",
        {"body": "*a " * 1000},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="preview",
    )
    assert too_long.status_code == 413
    text = too_long.content.decode()
    assert "up to 1,000 characters; this one has 3,000" in text and "<em>" not in text
    refused = client.post("/library/preview/", {"body": "**bold**"})
    assert refused.status_code == 429 and REFUSAL in refused.content.decode()
    _retry_after(refused)


def test_password_reset_requests_are_limited_per_client(client: Client, limits: Any) -> None:
    limits(password_reset="2/h")
    UserFactory(username="lia", email="lia@example.org")
    for _ in range(2):
        assert (
            client.post("/accounts/password-reset/", {"email": "lia@example.org"}).status_code
            == 302
        )
    refused = client.post("/accounts/password-reset/", {"email": "lia@example.org"})
    assert refused.status_code == 429 and REFUSAL in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert len(mail.outbox) == 2
    assert client.get("/accounts/password-reset/").status_code == 200  # the form still shows


def test_sign_ups_are_limited_per_client(client: Client, limits: Any) -> None:
    limits(sign_up="1/h")

    def sign_up(name: str) -> Any:
        return Client(REMOTE_ADDR="198.51.100.4").post(
            "/accounts/signup/",
            {"username": name, "email": f"{name}@example.org", "password": "a long pass phrase 42"},
        )

    assert sign_up("ana").status_code == 302
    refused = sign_up("bea")
    assert refused.status_code == 429 and REFUSAL in refused.content.decode()
    assert client.get("/accounts/signup/").status_code == 200


def test_an_unreachable_cache_does_not_refuse_everyone(
    client: Client, limits: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits(export="1/h")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr("ponte.core.limits.get_usage", broken)
    for _ in range(3):
        assert client.get("/api/v1/projects.csv").status_code == 200


def test_limits_are_switched_off_by_a_setting(client: Client, limits: Any, settings: Any) -> None:
    limits(export="1/h")
    settings.RATELIMIT_ENABLE = False
    for _ in range(3):
        assert client.get("/api/v1/projects.csv").status_code == 200


def test_rates_from_the_environment_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PONTE_RATE_LIMIT_X", "30/m")
    assert env_rate("PONTE_RATE_LIMIT_X", "1/s") == "30/m"
    monkeypatch.setenv("PONTE_RATE_LIMIT_X", "off")
    assert env_rate("PONTE_RATE_LIMIT_X", "1/s") == ""
    monkeypatch.setenv("PONTE_RATE_LIMIT_X", "thirty a minute")
    with pytest.raises(ImproperlyConfigured, match="PONTE_RATE_LIMIT_X"):
        env_rate("PONTE_RATE_LIMIT_X", "1/s")
