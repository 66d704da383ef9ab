"""API schemas for the knowledge library."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from ponte.core.schemas import DecimalNumber, one_of
from ponte.knowledge.models import CostBand, ItemType, Status

TYPES = one_of(*ItemType.values)
COST_BANDS = one_of("", *CostBand.values)


class ResultIn(Schema):
    indicator: str = Field(..., min_length=1, max_length=300)
    unit: str = Field(..., min_length=1, max_length=60)
    baseline: DecimalNumber | None = None
    target: DecimalNumber | None = None
    achieved: DecimalNumber | None = None


class ResultOut(ResultIn):
    pass


class TranslationOut(Schema):
    language: str = Field(..., alias="language_id")
    title: str
    summary: str
    body: str
    origin: str


class ItemOut(Schema):
    slug: str
    type: str = Field(..., json_schema_extra=TYPES)
    title: str
    summary: str
    language: str = Field(..., alias="language_id")
    status: str = Field(..., json_schema_extra=one_of(*Status.values))
    owner: str | None = None
    network: str | None = None
    country: str | None = None
    themes: list[str]
    published_at: datetime | None
    is_demo: bool
    url: str

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.slug if obj.owner else None

    @staticmethod
    def resolve_network(obj: Any) -> str | None:
        return obj.publisher_network.slug if obj.publisher_network else None

    @staticmethod
    def resolve_country(obj: Any) -> str | None:
        return obj.owner.country_id if obj.owner else None

    @staticmethod
    def resolve_themes(obj: Any) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return f"/library/{obj.slug}/"


class ItemDetailOut(ItemOut):
    body: str
    body_html: str
    language_detected: bool
    sdg_targets: list[str]
    hazards: list[str]
    period_start: int | None
    period_end: int | None
    cost_band: str = Field(..., json_schema_extra=COST_BANDS)
    funding_sources: list[str]
    barriers: str
    enabling_factors: str
    lessons: str
    results: list[ResultOut]
    translations: list[TranslationOut]
    version: int

    @staticmethod
    def resolve_body_html(obj: Any) -> str:
        from ponte.core.markdown import render_markdown

        return render_markdown(obj.body)

    @staticmethod
    def resolve_sdg_targets(obj: Any) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]

    @staticmethod
    def resolve_hazards(obj: Any) -> list[str]:
        return [h.slug for h in obj.hazards.all()]

    @staticmethod
    def resolve_results(obj: Any) -> list[Any]:
        return list(obj.results.all())

    @staticmethod
    def resolve_translations(obj: Any) -> list[Any]:
        return list(obj.translations.all())


class ItemIn(Schema):
    """A new item. Omit `language` to have it detected."""

    type: str = Field("practice", json_schema_extra=TYPES)
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Field(..., min_length=1, max_length=2000)
    body: str = ""
    language: str | None = None
    themes: list[str] = []
    sdg_targets: list[str] = []
    hazards: list[str] = []
    period_start: int | None = Field(None, ge=1900, le=2100)
    period_end: int | None = Field(None, ge=1900, le=2100)
    cost_band: str = Field("", json_schema_extra=COST_BANDS)
    funding_sources: list[str] = []
    barriers: str = ""
    enabling_factors: str = ""
    lessons: str = ""
    results: list[ResultIn] = []
    owner: str | None = Field(None, description="Local government slug (admins); default: yours.")
    network: str | None = Field(None, description="Publish as your network (network staff).")


class ItemPatch(Schema):
    """Changes to an item. Say which version you changed: the ETag you read in If-Match, or
    `version` (the one you read)."""

    version: int | None = None
    type: str | None = Field(None, json_schema_extra=TYPES)
    title: str | None = Field(None, min_length=1, max_length=300)
    summary: str | None = Field(None, min_length=1, max_length=2000)
    body: str | None = None
    language: str | None = None
    themes: list[str] | None = None
    sdg_targets: list[str] | None = None
    hazards: list[str] | None = None
    period_start: int | None = Field(None, ge=1900, le=2100)
    period_end: int | None = Field(None, ge=1900, le=2100)
    cost_band: str | None = Field(None, json_schema_extra=COST_BANDS)
    funding_sources: list[str] | None = None
    barriers: str | None = None
    enabling_factors: str | None = None
    lessons: str | None = None
    results: list[ResultIn] | None = None


class TransitionIn(Schema):
    comment: str = ""


class ItemPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[ItemOut]
    facets: dict[str, dict[str, int]]
