"""Writes for the community: notifications and private conversation messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ponte.accounts.models import Role
from ponte.accounts.permissions import Actor, person, require, signed_in_person, staff_of
from ponte.community.models import Conversation, Message, Notification
from ponte.community.permissions import can_read_conversation
from ponte.core.exceptions import ApplicationError
from ponte.directory.models import LocalGovernment, Network


def users_of(local_government: LocalGovernment) -> QuerySet[Any]:
    """The confirmed members who act for a local government."""
    return get_user_model().objects.filter(
        is_active=True, role=Role.MEMBER, local_government=local_government
    )


def staff_of_network(network: Network) -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True, role=Role.NETWORK_STAFF, network=network)


def people_of(
    *, local_governments: Iterable[Any] = (), networks: Iterable[Any] = (), also: Iterable[Any] = ()
) -> list[Any]:
    """Everyone who acts for these local governments or works for these networks, plus
    `also` (an author), each once."""
    lg_ids = [lg.pk for lg in local_governments if lg is not None]
    network_ids = [n.pk for n in networks if n is not None]
    found = get_user_model().objects.filter(
        Q(role=Role.MEMBER, local_government_id__in=lg_ids)
        | Q(role=Role.NETWORK_STAFF, network_id__in=network_ids),
        is_active=True,
    )
    people = {user.pk: user for user in found}
    for user in also:
        if user is not None and getattr(user, "is_active", False):
            people.setdefault(user.pk, user)
    return list(people.values())


def notify_review(
    *, step: str, recipients: Iterable[Any], title: str, url: str, comment: str = ""
) -> None:
    """Tell the people a review step concerns, each in their own language: "submitted" (to
    reviewers), "published" or "opened" (to authors, for a library item or a need or offer),
    "returned" (to authors, with the reviewer's comment)."""
    texts: dict[str, Callable[[], str]] = {
        "submitted": lambda: gettext("“%(title)s” is waiting for your review") % {"title": title},
        "published": lambda: gettext("“%(title)s” is published") % {"title": title},
        "opened": lambda: (
            gettext("“%(title)s” is open: others can now see and answer it") % {"title": title}
        ),
        "returned": lambda: (
            gettext("“%(title)s” was returned to you: %(comment)s")
            % {"title": title, "comment": comment}
        ),
    }
    notify(recipients=recipients, kind=Notification.Kind.REVIEW, text=texts[step], url=url)


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


def _side(author: Any) -> tuple[LocalGovernment | None, Network | None]:
    """Whom an author speaks for: their local government, or their network for staff."""
    if author is None:
        return None, None
    if staff_of(author):
        return None, author.network
    return getattr(author, "local_government", None), None


@transaction.atomic
def conversation_start(
    *,
    title: str,
    local_governments: list[LocalGovernment],
    networks: list[Network] | None = None,
    opening: str = "",
    author: Any = None,
) -> Conversation:
    conversation = Conversation.objects.create(title=title[:300])
    conversation.local_governments.set(local_governments)
    conversation.networks.set(networks or [])
    if opening.strip():
        local_government, network = _side(author)
        Message.objects.create(
            conversation=conversation,
            author=author,
            local_government=local_government,
            network=network,
            body=opening.strip()[:5000],
        )
    return conversation


@transaction.atomic
def message_post(*, actor: Actor, conversation: Conversation, body: str) -> Message:
    require(
        can_read_conversation(actor, conversation),
        gettext("Only the participants in this conversation write here."),
    )
    author = signed_in_person(actor)
    text = body.strip()
    if not text:
        raise ApplicationError(
            gettext("Write a message."), errors={"body": [gettext("Write a message.")]}
        )
    if len(text) > 5000:
        raise ApplicationError(
            gettext("Messages are limited to 5,000 characters."),
            errors={"body": [gettext("Too long.")]},
        )
    local_government, network = _side(author)
    message = Message.objects.create(
        conversation=conversation,
        author=author,
        local_government=local_government,
        network=network,
        body=text,
    )
    sender = local_government or network
    # Everyone on the other sides is told, in their own language.
    recipients = [
        user
        for lg in conversation.local_governments.all()
        if lg != local_government
        for user in users_of(lg)
    ] + [
        user
        for other in conversation.networks.all()
        if other != network
        for user in staff_of_network(other)
    ]
    notify(
        recipients=recipients,
        kind=Notification.Kind.MESSAGE,
        text=lambda: (
            translation.gettext("New message from %(place)s in “%(title)s”")
            % {"place": sender, "title": conversation.title}
        ),
        url=reverse("community:conversation", args=[conversation.pk]),
    )
    return message
