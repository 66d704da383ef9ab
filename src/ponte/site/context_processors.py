"""What the header shows a reviewer on every page: how many items wait for their review."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ponte.accounts.permissions import is_admin, staff_of
from ponte.exchange import selectors as exchange
from ponte.exchange.models import Need, Offer
from ponte.knowledge import selectors as knowledge


def pending_reviews(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not (is_admin(user) or staff_of(user)):
        return {}
    return {
        "pending_library_reviews": knowledge.review_queue(user).count(),
        "pending_exchange_reviews": sum(
            exchange.review_queue(model, user).count() for model in (Need, Offer)
        ),
    }
