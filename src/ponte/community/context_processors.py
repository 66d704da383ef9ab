"""The counts of unread notifications and unread messages shown in the header of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ponte.community.selectors import unread_count, unread_messages


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": unread_count(user),
        "unread_messages": sum(unread_messages(user).values()),
    }
