"""API schemas for cooperation records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from ponte.cooperation.models import Partnership, Project
from ponte.core.schemas import one_of


class PartnershipOut(Schema):
    id: int
    title: str
    kind: str = Field(..., json_schema_extra=one_of(*Partnership.Kind.values))
    status: str = Field(..., json_schema_extra=one_of(*Partnership.Status.values))
    start_date: date | None
    end_date: date | None
    participants: list[str]
    themes: list[str]
    sdg_targets: list[str]
    is_demo: bool

    @staticmethod
    def resolve_participants(obj: Any) -> list[str]:
        return [
            p.local_government.slug if p.local_government else p.network.slug
            for p in obj.participants.all()
        ]

    @staticmethod
    def resolve_themes(obj: Any) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_sdg_targets(obj: Any) -> list[str]:
        return [t.code for t in obj.sdg_targets.all()]


class MoneyOut(Schema):
    value: Decimal
    currency: str


class ProjectOut(Schema):
    id: int
    identifier: str
    title: str
    status: int = Field(
        ..., description="IATI ActivityStatus", json_schema_extra=one_of(*Project.Status.values)
    )
    status_label: str
    programme: str | None
    planned_start: date | None
    planned_end: date | None
    locations: list[str]
    budget_by_currency: dict[str, Decimal]
    is_demo: bool

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_programme(obj: Any) -> str | None:
        return obj.programme.slug if obj.programme else None

    @staticmethod
    def resolve_locations(obj: Any) -> list[str]:
        return [lg.slug for lg in obj.locations.all()]

    @staticmethod
    def resolve_budget_by_currency(obj: Any) -> dict[str, Decimal]:
        from ponte.cooperation.selectors import budget_totals

        return budget_totals(obj)


class PartnershipPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[PartnershipOut]


class ProjectPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[ProjectOut]
