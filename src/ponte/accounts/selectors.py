"""Account reads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ponte.accounts.models import ApiToken


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """A person's API tokens, newest first, revoked and expired ones too (marked as such)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
