"""API schemas for the exchange."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from ponte.core.schemas import one_of
from ponte.exchange.models import Format, Offer, Pledge, PostStatus, SolidarityRequest


class PlaceOut(Schema):
    id: int
    slug: str
    name: str
    country: str = Field(..., alias="country_id")


class PostOut(Schema):
    id: int
    title: str
    language: str = Field(..., alias="language_id")
    status: str = Field(..., json_schema_extra=one_of(*PostStatus.values))
    local_government: PlaceOut | None = None
    themes: list[str]
    sdg_targets: list[str]
    hazards: list[str]
    formats: list[str]
    opened_at: datetime | None
    expires_on: date | None
    url: str

    @staticmethod
    def resolve_themes(obj: Any) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_sdg_targets(obj: Any) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]

    @staticmethod
    def resolve_hazards(obj: Any) -> list[str]:
        return [h.slug for h in obj.hazards.all()]


class NeedOut(PostOut):
    deadline: date | None
    preferred_languages: list[str]

    @staticmethod
    def resolve_preferred_languages(obj: Any) -> list[str]:
        return [lang.code for lang in obj.preferred_languages.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return f"/exchange/needs/{obj.pk}/"


class NeedDetailOut(NeedOut):
    description: str
    version: int


class OfferOut(PostOut):
    kind: str = Field(..., json_schema_extra=one_of(*Offer.Kind.values))
    network: str | None = None
    practice: str | None = None
    languages: list[str]

    @staticmethod
    def resolve_network(obj: Any) -> str | None:
        return obj.network.slug if obj.network_id else None

    @staticmethod
    def resolve_practice(obj: Any) -> str | None:
        return obj.practice.slug if obj.practice_id else None

    @staticmethod
    def resolve_languages(obj: Any) -> list[str]:
        return [lang.code for lang in obj.languages.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return f"/exchange/offers/{obj.pk}/"


class OfferDetailOut(OfferOut):
    description: str
    version: int


class NeedPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[NeedOut]


class OfferPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[OfferOut]


class PledgeOut(Schema):
    local_government: str
    quantity: Decimal
    status: str = Field(..., json_schema_extra=one_of(*Pledge.Status.values))
    created_at: datetime

    @staticmethod
    def resolve_local_government(obj: Any) -> str:
        return str(obj.local_government.name)


class SolidarityItemOut(Schema):
    name: str
    unit: str
    quantity: Decimal
    committed: Decimal
    received: Decimal
    missing: Decimal
    pledges: list[PledgeOut]

    @staticmethod
    def resolve_committed(obj: Any) -> Decimal:
        return Decimal(obj.committed())

    @staticmethod
    def resolve_received(obj: Any) -> Decimal:
        return Decimal(obj.received())

    @staticmethod
    def resolve_missing(obj: Any) -> Decimal:
        return Decimal(obj.missing())

    @staticmethod
    def resolve_pledges(obj: Any) -> list[Any]:
        return list(obj.pledges.all())


class SolidarityRequestOut(Schema):
    id: int
    title: str
    description: str
    language: str = Field(..., alias="language_id")
    status: str = Field(..., json_schema_extra=one_of(*SolidarityRequest.Status.values))
    local_government: PlaceOut
    hazard: str | None = None
    delivery_place: str
    deadline: date | None
    items: list[SolidarityItemOut]
    url: str

    @staticmethod
    def resolve_hazard(obj: Any) -> str | None:
        return obj.hazard.slug if obj.hazard_id else None

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return f"/exchange/solidarity/{obj.pk}/"


# Writes ------------------------------------------------------------------------------------

FormatName = Annotated[str, Field(json_schema_extra=one_of(*Format.values))]
WHO = "Local government slug (administrators); default: yours."


class PostIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field(..., min_length=1, max_length=10000)
    language: str = Field(..., description="ISO 639-1 code of the text's language.")
    themes: list[str] = Field([], description="Theme slugs.")
    hazards: list[str] = Field([], description="Hazard slugs.")
    sdg_targets: list[str] = Field([], description="SDG target codes, e.g. 11.5.")
    formats: list[FormatName] = []


class NeedIn(PostIn):
    """A new need, saved as a draft: submit it for review when it is ready (on the web)."""

    preferred_languages: list[str] = Field([], description="ISO 639-1 codes.")
    deadline: date | None = Field(None, description="Answer wanted by (from today on).")
    local_government: str | None = Field(None, description=WHO)


class OfferIn(PostIn):
    """A new offer, saved as a draft: submit it for review when it is ready (on the web)."""

    kind: str = Field(..., json_schema_extra=one_of(*Offer.Kind.values))
    languages: list[str] = Field([], description="ISO 639-1 codes.")
    practice: str | None = Field(None, description="Slug of one of your published practices.")
    local_government: str | None = Field(None, description=WHO)
    network: str | None = Field(None, description="Network slug: an offer in its name (staff).")


class PostPatch(Schema):
    """Changes to a need or offer. Say which version you changed: the ETag you read in
    If-Match, or `version` (the one you read)."""

    version: int | None = None
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, min_length=1, max_length=10000)
    language: str | None = None
    themes: list[str] | None = None
    hazards: list[str] | None = None
    sdg_targets: list[str] | None = None
    formats: list[FormatName] | None = None


class NeedPatch(PostPatch):
    preferred_languages: list[str] | None = None
    deadline: date | None = None


class OfferPatch(PostPatch):
    kind: str | None = Field(None, json_schema_extra=one_of(*Offer.Kind.values))
    languages: list[str] | None = None
    practice: str | None = Field(None, description="Slug of one of your practices; null: none.")
