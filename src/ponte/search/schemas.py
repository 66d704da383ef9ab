"""API schemas for search."""

from __future__ import annotations

from ninja import Schema


class SearchHit(Schema):
    type: str
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
