"""Name lookup and directory filters."""

from __future__ import annotations

import pytest

from ponte.core.exceptions import ApplicationError
from ponte.directory import selectors
from ponte.directory.models import Hazard, Theme
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["São Paulo", "Sao Paulo", "SAO PAULO", "são paulo", "  Sao   Paulo "]
)
def test_city_lookup_ignores_accents_case_and_spacing(query: str) -> None:
    found = selectors.find_cities(query)
    assert found[0].name == "São Paulo"
    assert found[0].country_id == "BR"


@pytest.mark.parametrize("query", ["Ciudad de México", "Ciudad de Mexico", "Mexico City", "CDMX"])
def test_city_lookup_finds_alternate_names(query: str) -> None:
    assert selectors.find_cities(query, country="MX")[0].name == "Mexico City"


def test_city_lookup_prefers_exact_then_population_and_honours_country() -> None:
    santiago = selectors.find_cities("Santiago")
    assert santiago[0].country_id == "CL"
    assert selectors.find_cities("Santiago", country="DO")[0].country_id == "DO"
    assert selectors.find_cities("Surab")[0].name == "Surabaya"
    assert selectors.find_cities("") == []
    assert selectors.find_cities("!!!") == []


@pytest.fixture
def world() -> dict[str, object]:
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    merco = NetworkFactory(slug="mercociudades", name="MERCOCIUDADES")
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    quezon = LocalGovernmentFactory(city_name="Quezon City")
    sao_paulo = LocalGovernmentFactory(city_name="São Paulo")
    rosario = LocalGovernmentFactory(city_name="Rosario")
    MembershipFactory(local_government=surabaya, network=aspac)
    MembershipFactory(local_government=quezon, network=aspac)
    MembershipFactory(local_government=sao_paulo, network=merco)
    MembershipFactory(local_government=rosario, network=merco)
    surabaya.hazards.add(Hazard.objects.get(slug="flood"))
    rosario.themes.add(Theme.objects.get(slug="climate-finance"))
    return {"surabaya": surabaya, "quezon": quezon, "sao_paulo": sao_paulo, "rosario": rosario}


def _names(**params: str) -> set[str]:
    filters = selectors.parse_local_government_filters(params)
    return {lg.name for lg in selectors.local_government_list(filters)}


def _ordered(**params: str) -> list[str]:
    filters = selectors.parse_local_government_filters(params)
    return [lg.name for lg in selectors.local_government_list(filters)]


def test_filters(world: dict[str, object]) -> None:
    assert _names() == {"Quezon City", "Rosario", "São Paulo", "Surabaya"}
    assert _names(q="sao paulo") == {"São Paulo"}
    assert _names(q="SAMPA") == {"São Paulo"}  # an alternate name from GeoNames
    assert _names(region="asia-pacific") == {"Quezon City", "Surabaya"}
    assert _names(region="005") == {"Rosario", "São Paulo"}  # UN M49 South America
    assert _names(region="142") == {"Quezon City", "Surabaya"}  # UN M49 Asia
    assert _names(country="br") == {"São Paulo"}
    assert _names(network="mercociudades") == {"Rosario", "São Paulo"}
    assert _names(hazard="flood") == {"Surabaya"}
    assert _names(theme="climate-finance") == {"Rosario"}
    assert _names(population="over-5m") == {"São Paulo"}
    assert _ordered(sort="-population") == ["São Paulo", "Quezon City", "Surabaya", "Rosario"]
    assert _ordered(region="asia-pacific", sort="name") == ["Quezon City", "Surabaya"]
    assert _ordered(region="asia-pacific", sort="-name") == ["Surabaya", "Quezon City"]


def test_unknown_filter_values_are_named_in_the_error(world: dict[str, object]) -> None:
    with pytest.raises(ApplicationError) as caught:
        selectors.parse_local_government_filters(
            {"region": "atlantis", "country": "XX", "population": "huge", "sort": "shoe-size"}
        )
    assert set(caught.value.errors) == {"region", "country", "population", "sort"}
    assert "atlantis" in caught.value.errors["region"][0]
