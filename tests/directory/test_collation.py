"""Names are listed in the reader's alphabetical order (ICU collation), not in code-point
order, which puts every accented letter after z: Córdoba before Curitiba, São Paulo before
Suva, in lists, pages of lists, the API and the choices of forms."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from ponte.core.collation import sorted_by
from tests.factories import LocalGovernmentFactory, NetworkFactory

pytestmark = pytest.mark.django_db

EXPECTED = ["Córdoba", "Curitiba", "Salta", "São Paulo", "Suva"]


@pytest.fixture
def places() -> None:
    for name in ["Suva", "São Paulo", "Curitiba", "Córdoba", "Salta"]:
        LocalGovernmentFactory(city_name=name)


def _order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


@pytest.mark.parametrize("language", ["en", "es", "pt", "id"])
def test_the_directory_lists_accented_names_where_readers_expect_them(
    client: Client, places: None, language: str
) -> None:
    page = client.get("/directory/", {"sort": "name"}, HTTP_ACCEPT_LANGUAGE=language)
    results = page.content.decode().split('class="results"', 1)[1]
    assert _order(results, EXPECTED) == EXPECTED
    page = client.get("/directory/", {"sort": "-name"}, HTTP_ACCEPT_LANGUAGE=language)
    results = page.content.decode().split('class="results"', 1)[1]
    assert _order(results, EXPECTED) == EXPECTED[::-1]


def test_pages_of_the_api_list_follow_the_same_order(client: Client, places: None) -> None:
    first = client.get("/api/v1/local-governments", {"sort": "name", "limit": 3}).json()
    rest = client.get("/api/v1/local-governments", {"sort": "name", "limit": 3, "offset": 3}).json()
    names = [row["name"] for row in first["results"] + rest["results"]]
    assert names == EXPECTED


def test_choices_of_local_governments_and_networks_are_in_alphabetical_order(
    client: Client, places: None
) -> None:
    for name in ["Zona Metropolitana", "Área Metropolitana", "Bogotá Región"]:
        NetworkFactory(name=name)
    signup = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    options = re.findall(r"<option value=\"[^\"]+\">([^<]+)</option>", signup)
    assert [o for o in options if o in EXPECTED] == EXPECTED
    directory = client.get("/directory/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    networks = directory.split('id="filter-network"', 1)[1].split("</select>", 1)[0]
    assert _order(networks, ["Área Metropolitana", "Bogotá Región", "Zona Metropolitana"]) == [
        "Área Metropolitana",
        "Bogotá Región",
        "Zona Metropolitana",
    ]


def test_sorting_follows_the_readers_language() -> None:
    # Spanish puts ñ after n; the root order (English) treats it as an accented n.
    names = ["Ñandú", "Nueva Imperial", "Nogales"]
    assert sorted_by(names, language="es") == ["Nogales", "Nueva Imperial", "Ñandú"]
    assert sorted_by(names, language="en") == ["Ñandú", "Nogales", "Nueva Imperial"]
    with translation.override("es"):
        assert sorted_by(names) == ["Nogales", "Nueva Imperial", "Ñandú"]
