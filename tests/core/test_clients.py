"""The client's address, as sign-in lockouts and rate limits see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from ponte.core.clients import client_ip, client_key


def _request(**meta: str) -> Any:
    request = RequestFactory().get("/", **meta)
    request.user = AnonymousUser()
    return request


def test_without_trusted_proxies_headers_are_not_believed(settings: Any) -> None:
    settings.PONTE_TRUSTED_PROXIES = 0
    request = _request(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        # What the client wrote itself stands left of what the proxy appended.
        (1, "192.0.2.66, 203.0.113.5", "203.0.113.5"),
        # A CDN, then nginx: the CDN appended the client, nginx appended the CDN's address.
        (2, "192.0.2.66, 203.0.113.5, 198.51.100.20", "203.0.113.5"),
        (1, "[2001:db8::1]:4711", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_client_is_counted_from_the_right(
    settings: Any, proxies: int, forwarded: str, client: str
) -> None:
    settings.PONTE_TRUSTED_PROXIES = proxies
    request = _request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


def test_another_header_can_be_named(settings: Any) -> None:
    settings.PONTE_TRUSTED_PROXIES = 1
    settings.PONTE_CLIENT_IP_HEADER = "X-Real-IP"
    request = _request(
        REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert client_ip(request) == "203.0.113.5"


def test_a_missing_or_unreadable_header_falls_back_to_the_connection(settings: Any) -> None:
    settings.PONTE_TRUSTED_PROXIES = 1
    assert client_ip(_request(REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    assert client_ip(_request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="nonsense")) == (
        "10.0.0.2"
    )


def test_rate_limit_keys(settings: Any, django_user_model: Any) -> None:
    settings.PONTE_TRUSTED_PROXIES = 0
    assert client_key(_request(REMOTE_ADDR="203.0.113.5")) == "ip:203.0.113.5"
    # One IPv6 client usually holds a whole /64.
    assert client_key(_request(REMOTE_ADDR="2001:db8:1:2:aaaa::1")) == client_key(
        _request(REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    )
    signed_in = _request(REMOTE_ADDR="203.0.113.5")
    signed_in.user = django_user_model(pk=42, username="dewi")
    assert client_key(signed_in) == "user:42"
