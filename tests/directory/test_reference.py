"""Reference data loads from packages, completely and idempotently."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from ponte.directory.models import (
    City,
    Country,
    Currency,
    Hazard,
    Language,
    PonteRegion,
    Region,
    SdgGoal,
    SdgTarget,
    Theme,
)
from ponte.directory.reference import load_reference_data

pytestmark = pytest.mark.django_db

ASPAC_SAMPLE = [
    "ID",
    "PH",
    "PK",
    "MY",
    "VN",
    "TH",
    "IN",
    "BD",
    "NP",
    "LK",
    "MN",
    "FJ",
    "KR",
    "CN",
    "JP",
    "AU",
    "NZ",
    "PG",
]
LATAM_SAMPLE = [
    "AR",
    "BR",
    "UY",
    "PY",
    "BO",
    "CL",
    "PE",
    "EC",
    "CO",
    "VE",
    "MX",
    "CU",
    "GT",
    "HT",
    "JM",
]


def test_seventeen_goals_and_169_targets_with_official_codes() -> None:
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    codes = set(SdgTarget.objects.values_list("code", flat=True))
    assert {"1.1", "11.5", "13.1", "17.19", "1.a", "3.d", "11.c", "16.10"} <= codes
    assert all(re.fullmatch(r"\d{1,2}\.(\d{1,2}|[a-d])", code) for code in codes)
    assert SdgTarget.objects.filter(goal_id=17).count() == 19
    assert SdgTarget.objects.get(code="11.5").goal_id == 11


def test_goal_titles_in_the_four_ui_languages() -> None:
    for goal in SdgGoal.objects.all():
        assert set(goal.names) >= {"en", "es", "pt", "id"}, goal.number
    assert SdgGoal.objects.get(number=1).names["id"] == "Tanpa Kemiskinan"


def test_every_asia_pacific_and_latin_american_country_has_a_region() -> None:
    grouped = Country.objects.exclude(ponte_region=PonteRegion.REST)
    assert grouped.filter(subregion__isnull=True).count() == 0
    assert grouped.filter(region__isnull=True).count() == 0
    for iso2 in ASPAC_SAMPLE:
        assert Country.objects.get(iso2=iso2).ponte_region == PonteRegion.ASIA_PACIFIC, iso2
    for iso2 in LATAM_SAMPLE:
        assert Country.objects.get(iso2=iso2).ponte_region == PonteRegion.LATIN_AMERICA, iso2
    # UCLG ASPAC's area leaves out Western Asia (UCLG-MEWA's).
    assert Country.objects.get(iso2="TR").ponte_region == PonteRegion.REST
    assert Country.objects.get(iso2="FR").ponte_region == PonteRegion.REST


def test_regions_and_countries_are_named_in_ui_languages() -> None:
    assert Region.objects.get(code="035").names["id"] == "Asia Tenggara"
    assert Region.objects.get(code="419").names["es"] == "Latinoamérica"
    brazil = Country.objects.get(iso2="BR")
    assert brazil.names["pt"] == "Brasil"
    assert brazil.subregion_id == "005"
    assert Country.objects.get(iso2="ID").names["id"] == "Indonesia"


def test_languages_and_currencies_from_iso_standards() -> None:
    assert Language.objects.get(code="id").names["pt"] == "indonésio"
    assert Language.objects.get(code="tl").iso639_3 == "tgl"
    assert Language.objects.count() > 7000
    assert Currency.objects.get(code="IDR").name == "Rupiah"
    assert list(Country.objects.get(iso2="BR").currencies.values_list("code", flat=True)) == ["BRL"]


def test_cities_of_both_regions_from_geonames_and_no_others() -> None:
    surabaya = City.objects.get(name="Surabaya")
    assert surabaya.country_id == "ID"
    assert surabaya.timezone == "Asia/Jakarta"
    assert surabaya.population > 2_000_000
    assert City.objects.filter(country_id="BR").count() > 500
    assert not City.objects.filter(country__ponte_region=PonteRegion.REST).exists()


def test_themes_cover_the_seed_and_suggest_goals() -> None:
    required = {
        "climate-resilience",
        "climate-mitigation",
        "climate-finance",
        "disaster-risk-reduction",
        "sdg-localisation",
        "pandemic-response",
        "public-space",
        "culture",
        "tourism",
        "local-economic-development",
        "capacity-building",
        "water",
        "sanitation",
        "waste",
        "mobility",
        "housing",
        "health",
        "food-security",
        "governance",
        "local-finance",
        "social-inclusion",
        "gender-equality",
        "migration",
        "education",
        "energy",
        "ecosystems",
    }
    assert required <= set(Theme.objects.values_list("slug", flat=True))
    assert 13 in Theme.objects.get(slug="climate-resilience").sdg_goals.values_list(
        "number", flat=True
    )
    assert 6 in Theme.objects.get(slug="water").sdg_goals.values_list("number", flat=True)
    for theme in Theme.objects.all():
        assert set(theme.names) >= {"en", "es", "pt", "id"}, theme.slug


def test_hazards() -> None:
    assert set(Hazard.objects.values_list("slug", flat=True)) >= {
        "flood",
        "drought",
        "cyclone",
        "heat",
        "sea-level-rise",
        "earthquake",
        "landslide",
        "volcano",
        "wildfire",
        "epidemic",
    }


def _snapshot() -> dict[str, object]:
    return {
        "countries": list(
            Country.objects.order_by("iso2").values_list(
                "iso2", "names", "subregion_id", "ponte_region"
            )
        ),
        "cities": City.objects.count(),
        "city_sample": list(
            City.objects.order_by("geonameid").values_list("geonameid", "search_names")[:50]
        ),
        "targets": list(SdgTarget.objects.values_list("code", "title")),
        "theme_goals": list(
            Theme.sdg_goals.through.objects.order_by("theme_id", "sdggoal_id").values_list(
                "theme_id", "sdggoal_id"
            )
        ),
        "currency_links": Country.currencies.through.objects.count(),
    }


def test_loading_twice_changes_nothing() -> None:
    before = _snapshot()
    load_reference_data()
    assert _snapshot() == before


def test_init_command_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot()
    call_command("init")
    call_command("init")
    assert _snapshot() == before
    assert "Reference data loaded" in capsys.readouterr().out
