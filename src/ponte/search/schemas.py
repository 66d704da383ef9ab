"""API schemas for search."""

from __future__ import annotations

from ninja import Field, Schema

from ponte.core.schemas import one_of

TYPES = (
    "practice",
    "resource",
    "local-government",
    "network",
    "committee",
    "need",
    "offer",
    "project",
    "partnership",
)


class SearchHit(Schema):
    type: str = Field(..., json_schema_extra=one_of(*TYPES))
    id: str
    title: str
    language: str
    score: float
    snippet: str
    url: str
    also_in_your_language: bool


class SearchOut(Schema):
    query: str
    total: int
    results: list[SearchHit]
    facets: dict[str, dict[str, int]]
