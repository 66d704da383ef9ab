"""Writes for the community: notifications and private conversation messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from ponte.accounts.models import EmailDelivery, Role
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
    *,
    recipients: Iterable[Any],
    kind: str,
    text: Callable[[], str],
    url: str = "",
    emailed: bool = False,
    mail: Callable[[list[int]], object] | None = None,
) -> list[Notification]:
    """One notification per recipient, its text rendered in the recipient's language. Those
    who chose an email per notification are mailed by a background task once the transaction
    commits; `emailed` says the caller mails them itself (the digest of new matches). `mail`,
    given the ids of the notifications to email, replaces that task with the caller's own (an
    event's email carries its calendar file); it must claim each by setting `emailed_at`."""
    created = []
    now = timezone.now() if emailed else None
    for user in recipients:
        with translation.override(_language_of(user)):
            created.append(
                Notification(
                    recipient=user, kind=kind, text=str(text())[:500], url=url, emailed_at=now
                )
            )
    saved = Notification.objects.bulk_create(created)
    to_mail = [
        n.pk
        for n in saved
        if not emailed
        and n.pk is not None
        and n.recipient.email
        and n.recipient.email_delivery == EmailDelivery.IMMEDIATE
    ]
    if to_mail and mail is not None:
        transaction.on_commit(lambda: mail(to_mail))
    elif to_mail:
        from ponte.community.tasks import send_notification_emails_task

        transaction.on_commit(lambda: send_notification_emails_task.enqueue(to_mail))
    return saved


def _language_of(user: Any) -> str:
    return str(user.preferred_language or settings.LANGUAGE_CODE)


def _open_link(notification: Notification) -> str:
    """The address that opens a notification in Ponte (and marks it read)."""
    site = str(settings.PONTE_SITE_URL).rstrip("/")
    return site + reverse("community:notification", args=[notification.pk])


def _send_email(user: Any, notifications: list[Notification], *, digest: bool) -> None:
    """One email to `user` about these notifications, in plain text and HTML, rendered now in
    the user's saved language."""
    with translation.override(_language_of(user)):
        groups: dict[str, list[dict[str, str]]] = {}
        for n in notifications:
            groups.setdefault(str(n.get_kind_display()), []).append(
                {"text": n.text, "link": _open_link(n)}
            )
        context = {
            "user": user,
            "digest": digest,
            "groups": sorted(groups.items()),
            "count": len(notifications),
            "site": str(settings.PONTE_SITE_URL).rstrip("/"),
            "preferences": str(settings.PONTE_SITE_URL).rstrip("/")
            + reverse("accounts:preferences"),
        }
        if digest:
            subject = ngettext(
                "Ponte: %(count)d unread notification",
                "Ponte: %(count)d unread notifications",
                len(notifications),
            ) % {"count": len(notifications)}
        else:
            subject = gettext("Ponte: %(text)s") % {"text": notifications[0].text}
        subject = " ".join(subject.split())[:200]
        body = render_to_string("community/email/notifications.txt", context)
        html = render_to_string("community/email/notifications.html", context)
    email = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    email.attach_alternative(html, "text/html")
    email.send()


def send_notification_emails(*, ids: list[int]) -> int:
    """Mail these notifications, one email each, to recipients who chose an email per
    notification (the background task `send_notification_emails_task`). Each is marked
    emailed before it goes, so a task run twice never mails anyone twice."""
    sent = 0
    waiting = (
        Notification.objects.filter(
            pk__in=ids,
            emailed_at__isnull=True,
            recipient__is_active=True,
            recipient__email_delivery=EmailDelivery.IMMEDIATE,
        )
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    for notification in waiting:
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if claimed:
            _send_email(notification.recipient, [notification], digest=False)
            sent += 1
    return sent


def send_notification_digests() -> int:
    """Once a day: one email to each person who chose the daily digest with their unread
    notifications not mailed yet, grouped by kind, in their language. Returns the number of
    emails."""
    sent = 0
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            email_delivery=EmailDelivery.DAILY,
            notifications__read_at__isnull=True,
            notifications__emailed_at__isnull=True,
        )
        .exclude(email="")
        .distinct()
    )
    for user in people:
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, read_at__isnull=True, emailed_at__isnull=True)
                .order_by("created_at", "pk")
            )
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
                emailed_at=timezone.now()
            )
        if waiting:
            _send_email(user, waiting, digest=True)
            sent += 1
    return sent


def mark_read(*, actor: Actor, ids: list[int] | None = None) -> int:
    """Mark some (or all) of the actor's notifications as read."""
    unread = Notification.objects.filter(recipient=person(actor), read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def conversation_read(*, actor: Actor, conversation: Conversation) -> int:
    """Opening a conversation reads its messages: their notifications are marked read."""
    url = reverse("community:conversation", args=[conversation.pk])
    return Notification.objects.filter(
        recipient=person(actor),
        kind=Notification.Kind.MESSAGE,
        url=url,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


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
