"""Reads for the community: a user's notifications and conversations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ponte.accounts.permissions import is_admin
from ponte.community.models import Conversation, Notification
from ponte.core.exceptions import NotFoundError


def notifications(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def conversations(user: Any) -> QuerySet[Conversation]:
    found = Conversation.objects.prefetch_related("local_governments")
    if is_admin(user):
        return found
    if not user.local_government_id:
        return found.none()
    return found.filter(local_governments=user.local_government_id)


def conversation(user: Any, pk: int) -> Conversation:
    found = conversations(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("No such conversation, or it is not yours to read.")
    return found
