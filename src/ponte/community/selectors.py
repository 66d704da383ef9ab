"""Reads for the community: a user's notifications and conversations."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ponte.community.models import Conversation, Notification
from ponte.community.permissions import can_read_conversation
from ponte.core.exceptions import NotFoundError


def notifications(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def conversations(user: Any) -> QuerySet[Conversation]:
    return can_read_conversation.filter(
        user, Conversation.objects.prefetch_related("local_governments")
    )


def conversation(user: Any, pk: int) -> Conversation:
    found = conversations(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError(_("No such conversation, or it is not yours to read."))
    return found
