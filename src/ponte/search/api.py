"""GET /api/v1/search: one search over everything public."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from pydantic import Field

from ponte.core.access import public
from ponte.core.limits import check_rate
from ponte.core.schemas import one_of
from ponte.search.schemas import TYPES, SearchOut
from ponte.search.selectors import SearchFilters, search

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field(..., description="What to look for, in any language.")
    type: str = Field(
        "",
        description="practice, resource, local-government, network, committee, need, offer, "
        "project or partnership",
        json_schema_extra=one_of("", *TYPES),
    )
    lang: str = Field("", description="Only items available in this language (ISO 639-1)")
    theme: str = ""
    goal: str = Field("", description="SDG goal number")
    region: str = ""
    country: str = ""
    hazard: str = ""
    limit: int = Field(10, ge=1, le=50)
    offset: int = Field(0, ge=0, le=1000)


@router.get("/search", response=SearchOut, summary="Search practices, resources and the directory")
@public
def search_endpoint(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    check_rate(request, "search")
    filters = SearchFilters(
        type=query.type,
        theme=query.theme,
        goal=query.goal,
        region=query.region,
        country=query.country.upper(),
        language=query.lang,
        hazard=query.hazard,
    )
    results = search(
        query.q,
        filters=filters,
        limit=query.limit,
        offset=query.offset,
        reader_language=get_language() or "",
    )
    return asdict(results)
