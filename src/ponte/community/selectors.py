"""Reads for the community: a user's notifications and conversations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from ponte.accounts.permissions import member_of, staff_of
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


def unread_messages(user: Any) -> dict[str, int]:
    """Conversation address -> how many of its messages this person has not read yet (the
    unread notifications of new messages, which opening the conversation marks read)."""
    rows = (
        Notification.objects.filter(
            recipient=user, kind=Notification.Kind.MESSAGE, read_at__isnull=True
        )
        .values("url")
        .annotate(n=Count("pk"))
    )
    return {row["url"]: row["n"] for row in rows}


@dataclass(frozen=True)
class InboxRow:
    conversation: Conversation
    other_party: str
    unread: int
    url: str


def inbox(user: Any) -> list[InboxRow]:
    """The person's conversations, newest activity first, each titled with the other party
    (the local governments and networks in it other than the person's own side) and with how
    many messages wait unread."""
    own_lg, own_network = member_of(user), staff_of(user)
    found = (
        conversations(user)
        .prefetch_related("networks")
        .annotate(last=Coalesce(Max("messages__created_at"), "created_at"))
        .order_by("-last", "-pk")
    )
    unread = unread_messages(user)
    rows = []
    for conversation in found:
        others = [lg.name for lg in conversation.local_governments.all() if lg.pk != own_lg] + [
            str(n) for n in conversation.networks.all() if n.pk != own_network
        ]
        url = reverse("community:conversation", args=[conversation.pk])
        rows.append(InboxRow(conversation, ", ".join(others), unread.get(url, 0), url))
    return rows
