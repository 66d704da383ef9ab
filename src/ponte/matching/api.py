"""Matching endpoints: peers of a local government, with reasons."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from ponte.core.text import plain_number
from ponte.directory.models import LocalGovernment
from ponte.exchange.schemas import MatchOut
from ponte.matching.selectors import peers_for

router = Router(tags=["matching"])


class PeersOut(Schema):
    local_government: int
    peers: list[MatchOut] = Field(..., description="Peers like you")
    learners: list[MatchOut] = Field(..., description="Who could learn from you")


@router.get(
    "/local-governments/{key}/peers",
    response=PeersOut,
    summary="Peers like this local government, and who could learn from it",
)
def get_peers(request: HttpRequest, key: str, limit: int = 10) -> Any:
    """`key` is the local government's id or its slug."""
    limit = max(1, min(limit, 50))
    number = plain_number(key)
    lookup = {"pk": number} if number is not None else {"slug": key}
    lg = get_object_or_404(LocalGovernment, **lookup)
    return {"local_government": lg.pk, **peers_for(lg, limit=limit)}
