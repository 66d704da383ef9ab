"""API schemas for the directory, kept apart from the models."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from ninja import Field, Schema

from ponte.core.schemas import one_of
from ponte.directory.models import Committee, LocalGovernment, Network, PonteRegion
from ponte.directory.selectors import Contacts, local_government_contacts


class CountryOut(Schema):
    iso2: str
    iso3: str
    name: str
    names: dict[str, str]
    region: str | None = Field(None, alias="region_id")
    subregion: str | None = Field(None, alias="subregion_id")
    ponte_region: str


class RegionOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    parent: str | None = Field(None, alias="parent_id")


class LanguageOut(Schema):
    code: str
    name: str


class ThemeOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    description: str
    sdg_goals: list[int]

    @staticmethod
    def resolve_sdg_goals(obj: object) -> list[int]:
        return [goal.number for goal in obj.sdg_goals.all()]  # type: ignore[attr-defined]


class HazardOut(Schema):
    slug: str
    name: str
    names: dict[str, str]


class SdgTargetOut(Schema):
    code: str
    goal: int = Field(..., alias="goal_id")
    title: str


class SdgGoalOut(Schema):
    number: int
    code: str
    title: str = Field(..., alias="name")
    titles: dict[str, str] = Field(..., alias="names")
    description: str
    colour: str

    @staticmethod
    def resolve_code(obj: object) -> str:
        return str(obj.number)  # type: ignore[attr-defined]


class SdgGoalDetailOut(SdgGoalOut):
    targets: list[SdgTargetOut]

    @staticmethod
    def resolve_targets(obj: object) -> list[object]:
        return list(obj.targets.all())  # type: ignore[attr-defined]


class NetworkOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str = Field(..., json_schema_extra=one_of(*Network.Kind.values))
    region: str
    website: str
    founded: int | None
    description: str
    member_count: int = 0
    committee_count: int = 0
    is_demo: bool


class CommitteeOut(Schema):
    slug: str
    name: str
    kind: str = Field(..., json_schema_extra=one_of(*Committee.Kind.values))
    network: str
    description: str
    member_count: int = 0
    is_demo: bool

    @staticmethod
    def resolve_network(obj: object) -> str:
        return str(obj.network.slug)  # type: ignore[attr-defined]


class LocalGovernmentOut(Schema):
    slug: str
    name: str
    official_name: str
    level: str = Field(..., json_schema_extra=one_of(*LocalGovernment.Level.values))
    country: str = Field(..., alias="country_id")
    region: str = Field(..., json_schema_extra=one_of(*PonteRegion.values))
    population: int | None
    latitude: float | None
    longitude: float | None
    timezone: str
    is_demo: bool

    @staticmethod
    def resolve_region(obj: object) -> str:
        return str(obj.country.ponte_region)  # type: ignore[attr-defined]


class MembershipOut(Schema):
    network: str
    since: int | None
    role: str

    @staticmethod
    def resolve_network(obj: object) -> str:
        return str(obj.network.slug)  # type: ignore[attr-defined]


class FocalPointOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class ContactsOut(Schema):
    """Whether this reader sees the contacts; if not, how many there are and how to come to
    see them (directory.permissions.can_see_contacts is the rule)."""

    visible: bool
    count: int
    how_to_see: str = Field(description="Empty when the contacts are visible.")


def _contacts(obj: Any, context: Any) -> Contacts:
    # Computed once per response: `contacts` and `focal_points` both read it.
    cached = getattr(obj, "_contacts_for_reader", None)
    if cached is None:
        request = (context or {}).get("request")
        reader = request.user if request is not None else AnonymousUser()
        cached = local_government_contacts(actor=reader, local_government=obj)
        obj._contacts_for_reader = cached
    return cached


class CommitteeSeatOut(Schema):
    committee: str
    role: str

    @staticmethod
    def resolve_committee(obj: object) -> str:
        return str(obj.committee.slug)  # type: ignore[attr-defined]


class LocalGovernmentDetailOut(LocalGovernmentOut):
    city_geonameid: int | None = Field(None, alias="city_id")
    coastal: bool
    website: str
    description: str
    languages: list[str]
    hazards: list[str]
    themes: list[str]
    sdg_targets: list[str]
    memberships: list[MembershipOut]
    committees: list[CommitteeSeatOut]
    contacts: ContactsOut
    focal_points: list[FocalPointOut] = Field(
        description="Only for readers who may see them (see `contacts`); otherwise empty."
    )
    version: int

    @staticmethod
    def resolve_contacts(obj: object, context: Any) -> Contacts:
        return _contacts(obj, context)

    @staticmethod
    def resolve_focal_points(obj: object, context: Any) -> list[object]:
        return list(_contacts(obj, context).focal_points)

    @staticmethod
    def resolve_languages(obj: object) -> list[str]:
        return [lang.code for lang in obj.languages.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_hazards(obj: object) -> list[str]:
        return [h.slug for h in obj.hazards.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_themes(obj: object) -> list[str]:
        return [t.slug for t in obj.themes.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_sdg_targets(obj: object) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_memberships(obj: object) -> list[object]:
        return list(obj.memberships.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_committees(obj: object) -> list[object]:
        return list(obj.committee_memberships.all())  # type: ignore[attr-defined]


class LocalGovernmentPatch(Schema):
    """Fields a member may change on its own profile. Say which version you changed: the ETag
    you read in If-Match, or `version` (the one you read)."""

    version: int | None = None
    official_name: str | None = None
    description: str | None = None
    website: str | None = None
    population: int | None = Field(None, ge=0)
    coastal: bool | None = None
    timezone: str | None = None
    languages: list[str] | None = None
    hazards: list[str] | None = None
    themes: list[str] | None = None
    sdg_targets: list[str] | None = None


class CityOut(Schema):
    geonameid: int
    name: str
    country: str = Field(..., alias="country_id")
    population: int
    latitude: float
    longitude: float
    timezone: str


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """A paginated list response of `item`s."""
    return type(
        name,
        (Schema,),
        {"__annotations__": {"count": int, "limit": int, "offset": int, "results": list[item]}},  # type: ignore[valid-type]
    )


LocalGovernmentPage = page_schema(LocalGovernmentOut, "LocalGovernmentPage")
NetworkPage = page_schema(NetworkOut, "NetworkPage")
CommitteePage = page_schema(CommitteeOut, "CommitteePage")
CountryPage = page_schema(CountryOut, "CountryPage")
