"""Writes for the community: notifications and private conversation messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ponte.accounts.models import Role
from ponte.accounts.permissions import Actor, person, require, signed_in_person
from ponte.community.models import Conversation, Message, Notification
from ponte.community.permissions import can_read_conversation
from ponte.core.exceptions import ApplicationError
from ponte.directory.models import LocalGovernment, Network


def users_of(local_government: LocalGovernment) -> QuerySet[Any]:
    """The confirmed members who act for a local government."""
    return get_user_model().objects.filter(
        is_active=True, role=Role.MEMBER, local_government=local_government
    )


def staff_of(network: Network) -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True, role=Role.NETWORK_STAFF, network=network)


def notify(
    *, recipients: Iterable[Any], kind: str, text: Callable[[], str], url: str = ""
) -> list[Notification]:
    """One notification per recipient, its text rendered in the recipient's language."""
    created = []
    for user in recipients:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            created.append(Notification(recipient=user, kind=kind, text=str(text())[:500], url=url))
    return Notification.objects.bulk_create(created)


def mark_read(*, actor: Actor, ids: list[int] | None = None) -> int:
    """Mark some (or all) of the actor's notifications as read."""
    unread = Notification.objects.filter(recipient=person(actor), read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def conversation_start(
    *, title: str, local_governments: list[LocalGovernment], opening: str = "", author: Any = None
) -> Conversation:
    conversation = Conversation.objects.create(title=title[:300])
    conversation.local_governments.set(local_governments)
    if opening.strip():
        Message.objects.create(
            conversation=conversation,
            author=author,
            local_government=getattr(author, "local_government", None),
            body=opening.strip()[:5000],
        )
    return conversation


@transaction.atomic
def message_post(*, actor: Actor, conversation: Conversation, body: str) -> Message:
    require(
        can_read_conversation(actor, conversation),
        gettext("Only the local governments in this conversation write here."),
    )
    author = signed_in_person(actor)
    text = body.strip()
    if not text:
        raise ApplicationError("Write a message.", errors={"body": ["Write a message."]})
    if len(text) > 5000:
        raise ApplicationError(
            "Messages are limited to 5,000 characters.", errors={"body": ["Too long."]}
        )
    message = Message.objects.create(
        conversation=conversation,
        author=author,
        local_government=author.local_government,
        body=text,
    )
    others = [
        lg for lg in conversation.local_governments.all() if lg.pk != author.local_government_id
    ]
    for lg in others:
        notify(
            recipients=users_of(lg),
            kind=Notification.Kind.MESSAGE,
            text=lambda: (
                translation.gettext("New message from %(place)s in “%(title)s”")
                % {"place": author.local_government, "title": conversation.title}
            ),
            url=reverse("community:conversation", args=[conversation.pk]),
        )
    return message
