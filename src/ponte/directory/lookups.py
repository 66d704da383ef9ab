"""Reference tables and places looked up once per import, so checking 10,000 rows costs a
handful of queries. Shared by every importer (practices, needs, offers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from ponte.accounts.permissions import SYSTEM
from ponte.core.exceptions import ApplicationError
from ponte.core.text import fold
from ponte.directory.models import (
    City,
    Country,
    Hazard,
    Language,
    LocalGovernment,
    Network,
    SdgTarget,
    Theme,
)
from ponte.directory.selectors import find_cities
from ponte.directory.services import local_government_create

PlaceKey = tuple[str, str]

TAG_FIELDS: dict[str, tuple[Any, str]] = {
    "themes": (Theme, "slug"),
    "sdg_targets": (SdgTarget, "code"),
    "hazards": (Hazard, "slug"),
}


def resolve_tags(data: dict[str, Any]) -> dict[str, list[Any]]:
    """Look up theme slugs, SDG target codes and hazard slugs; name every unknown one."""
    resolved: dict[str, list[Any]] = {}
    errors: dict[str, list[str]] = {}
    for name, (model, key) in TAG_FIELDS.items():
        if name not in data:
            continue
        wanted = list(dict.fromkeys(str(v).strip() for v in data[name] or [] if str(v).strip()))
        found = {getattr(o, key): o for o in model.objects.filter(**{f"{key}__in": wanted})}
        missing = [value for value in wanted if value not in found]
        if missing:
            errors[name] = [_("Unknown: %(value)s") % {"value": ", ".join(missing)}]
        resolved[name] = [found[v] for v in wanted if v in found]
    if errors:
        raise ApplicationError(_("Some tags are not known."), errors=errors)
    return resolved


class ReferenceLookups:
    def __init__(self) -> None:
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.targets = {t.code: t for t in SdgTarget.objects.all()}
        self.hazards = {h.slug: h for h in Hazard.objects.all()}
        self.languages = set(Language.objects.values_list("code", flat=True))
        self.countries = set(Country.objects.values_list("iso2", flat=True))
        self.networks = {n.slug: n for n in Network.objects.all()}
        self.places: dict[PlaceKey, LocalGovernment | int | None] = {}
        self.created: list[str] = []

    def place(self, city: str, country: str) -> LocalGovernment | int | None:
        """An existing local government, else a GeoNames city id to create one from."""
        key = (fold(city), country)
        if key not in self.places:
            lg = (
                LocalGovernment.objects.filter(
                    country_id=country, search_names__contains=f"|{key[0]}|"
                )
                .order_by("-population")
                .first()
            )
            if lg is not None:
                self.places[key] = lg
            else:
                # Only a whole-name match counts: "San" must not quietly become "San Juan".
                cities = find_cities(city, country=country, limit=1)
                exact = cities and f"|{key[0]}|" in cities[0].search_names
                self.places[key] = cities[0].geonameid if exact else None
        return self.places[key]

    def owners(self, keys: Iterable[PlaceKey]) -> dict[PlaceKey, LocalGovernment]:
        """The local governments for checked places, creating those known only to GeoNames
        (call inside the import's transaction). Names of created ones go to `created`."""
        owners: dict[PlaceKey, LocalGovernment] = {}
        for key in keys:
            if key in owners:
                continue
            place = self.places[key]
            if isinstance(place, LocalGovernment):
                owners[key] = place
            elif place is not None:
                city = City.objects.get(geonameid=place)
                lg = local_government_create(
                    actor=SYSTEM, name=city.name, country=city.country_id, city=city
                )
                self.places[key] = owners[key] = lg
                self.created.append(lg.name)
        return owners
