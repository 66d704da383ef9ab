"""API schemas for the exchange."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from ponte.core.schemas import one_of
from ponte.exchange.models import Offer, Pledge, PostStatus, SolidarityRequest


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
