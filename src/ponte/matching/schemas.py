"""Matches as the API returns them: each with its score and its reasons."""

from __future__ import annotations

from ninja import Field, Schema

from ponte.core.schemas import one_of


class FactorOut(Schema):
    factor: str
    value: float
    contribution: float
    reason: str


class MatchOut(Schema):
    kind: str = Field(..., json_schema_extra=one_of("local_government", "practice", "offer"))
    id: str
    title: str
    score: float
    url: str
    place_url: str | None = None
    factors: list[FactorOut]


class NeedMatchesOut(Schema):
    need: int
    local_governments: list[MatchOut]
    practices: list[MatchOut]
    offers: list[MatchOut]


class MatchQuery(Schema):
    limit: int = Field(10, ge=1, le=50)
    exclude_partners: bool | None = Field(
        None, description="Leave out current partners (default from settings)"
    )


class PeersOut(Schema):
    local_government: int
    peers: list[MatchOut] = Field(..., description="Peers like you")
    learners: list[MatchOut] = Field(..., description="Who could learn from you")
