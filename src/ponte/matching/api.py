"""Matching endpoints: peers of a local government, with reasons."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from ponte.core.access import public
from ponte.core.text import plain_number
from ponte.directory.models import LocalGovernment
from ponte.exchange.models import Need
from ponte.exchange.selectors import post_detail
from ponte.matching.schemas import MatchQuery, NeedMatchesOut, PeersOut
from ponte.matching.selectors import need_matches, peers_for

router = Router(tags=["matching"])


@router.get(
    "/local-governments/{key}/peers",
    response=PeersOut,
    summary="Peers like this local government, and who could learn from it",
)
@public
def get_peers(request: HttpRequest, key: str, limit: int = 10) -> Any:
    """`key` is the local government's id or its slug."""
    limit = max(1, min(limit, 50))
    number = plain_number(key)
    lookup = {"pk": number} if number is not None else {"slug": key}
    lg = get_object_or_404(LocalGovernment, **lookup)
    return {"local_government": lg.pk, **peers_for(lg, limit=limit)}


@router.get(
    "/needs/{need_id}/matches",
    response=NeedMatchesOut,
    summary="Local governments, practices and offers that could answer a need, with reasons",
)
@public
def get_need_matches(request: HttpRequest, need_id: int, query: Query[MatchQuery]) -> Any:
    need = post_detail(Need, request.user, need_id)
    found = need_matches(need, limit=query.limit, exclude_partners=query.exclude_partners)
    return {
        "need": need.pk,
        "local_governments": found["local_government"],
        "practices": found["practice"],
        "offers": found["offer"],
    }
