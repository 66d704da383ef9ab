"""A person's saved language applies from the moment they sign in (issue 13)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "es", "pt"])
def test_signing_in_switches_to_the_saved_language(language: str) -> None:
    UserFactory(username="dewi", preferred_language=language)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="en"' in client.get("/").content.decode()

    response = client.post("/accounts/login/", {"username": "dewi", "password": PASSWORD})

    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert f'lang="{language}"' in client.get("/").content.decode()


def test_without_a_saved_language_the_browser_decides() -> None:
    UserFactory(username="rafael", preferred_language="")
    client = Client(HTTP_ACCEPT_LANGUAGE="pt")
    client.post("/accounts/login/", {"username": "rafael", "password": PASSWORD})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert 'lang="pt"' in client.get("/").content.decode()
