"""Reference data loads from packages, completely and idempotently."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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
from ponte.directory.reference import load_countries, load_reference_data, load_regions

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


@pytest.mark.parametrize(
    ("iso2", "subregion", "subregion_name", "region", "ponte_region"),
    [
        ("ID", "035", "South-eastern Asia", "142", PonteRegion.ASIA_PACIFIC),
        ("BR", "005", "South America", "019", PonteRegion.LATIN_AMERICA),
        ("MX", "013", "Central America", "019", PonteRegion.LATIN_AMERICA),
        ("HT", "029", "Caribbean", "019", PonteRegion.LATIN_AMERICA),
        ("FJ", "054", "Melanesia", "009", PonteRegion.ASIA_PACIFIC),
        ("AU", "053", "Australia and New Zealand", "009", PonteRegion.ASIA_PACIFIC),
        ("IN", "034", "Southern Asia", "142", PonteRegion.ASIA_PACIFIC),
        ("KZ", "143", "Central Asia", "142", PonteRegion.ASIA_PACIFIC),
        ("TR", "145", "Western Asia", "142", PonteRegion.REST),
        ("KE", "014", "Eastern Africa", "002", PonteRegion.REST),
        ("US", "021", "Northern America", "019", PonteRegion.REST),
    ],
)
def test_countries_sit_in_their_un_m49_sub_region(
    iso2: str, subregion: str, subregion_name: str, region: str, ponte_region: str
) -> None:
    country = Country.objects.select_related("subregion").get(iso2=iso2)
    assert country.subregion_id == subregion
    assert country.subregion is not None
    assert country.subregion.name == subregion_name
    assert country.region_id == region
    assert country.ponte_region == ponte_region


def test_m49_region_tree() -> None:
    assert Region.objects.count() == 28
    assert Region.objects.get(code="005").parent_id == "419"
    assert Region.objects.get(code="419").parent_id == "019"
    assert Region.objects.get(code="054").parent_id == "009"
    assert set(Region.objects.filter(parent__isnull=True).values_list("code", flat=True)) == {
        "002",
        "009",
        "019",
        "142",
        "150",
    }
    indonesia_neighbours = Country.objects.filter(subregion_id="035")
    assert set(indonesia_neighbours.values_list("iso2", flat=True)) == {
        "BN",
        "ID",
        "KH",
        "LA",
        "MM",
        "MY",
        "PH",
        "SG",
        "TH",
        "TL",
        "VN",
    }


def test_regions_load_with_pandas_and_country_converter_uninstalled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A None entry in sys.modules makes the module unimportable, as if it were not installed.
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "country_converter", None)
    Country.objects.update(region=None, subregion=None, ponte_region=PonteRegion.REST)
    load_regions()
    load_countries()
    indonesia = Country.objects.get(iso2="ID")
    assert (indonesia.subregion_id, indonesia.ponte_region) == ("035", PonteRegion.ASIA_PACIFIC)
    assert Country.objects.get(iso2="BR").subregion_id == "005"
    assert Country.objects.filter(subregion__isnull=True).count() == 3  # AQ, GB, GR: see docs


def test_no_module_of_ponte_imports_pandas(tmp_path: Path) -> None:
    # A fresh interpreter, so that no other test's imports count: the whole URLconf (every
    # app's views and API), the CLI and the reference loader. Its own var dir, because
    # tests.settings deletes a leftover SQLite test database there: this session's own.
    code = (
        "import sys, django; django.setup(); import ponte.site.urls, ponte.cli, "
        "ponte.directory.reference; "
        "print(sorted(m for m in ('pandas', 'country_converter') if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PONTE_VAR_DIR": str(tmp_path)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"


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
