"""Acting on matches: express interest, accept or decline, and the digest of new matches."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from ponte.accounts.permissions import Actor, person, require
from ponte.community.models import Message, Notification
from ponte.community.services import (
    conversation_start,
    notify,
    staff_of_network,
    users_of,
)
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.directory.models import LocalGovernment
from ponte.directory.permissions import can_act_for
from ponte.exchange.models import Need, PostStatus
from ponte.matching import selectors
from ponte.matching.models import DigestEntry, Interest
from ponte.matching.permissions import can_answer_interest


def _recipient(match: dict[str, Any]) -> tuple[LocalGovernment | None, Any]:
    if match["place"] is not None:
        return LocalGovernment.objects.get(pk=match["place"]), None
    offer = selectors.offer_recipient(int(match["id"]))
    if offer is None or offer.network is None:
        raise ApplicationError(_("This match has no one to answer it."))
    return None, offer.network


@transaction.atomic
def interest_express(
    *,
    actor: Actor,
    local_government: LocalGovernment,
    candidate_key: str,
    need: Need | None = None,
    message: str = "",
) -> Interest:
    """Tell the other side that a proposed match is worth pursuing. What the user saw (rank,
    score, reasons) is kept with it, to evaluate the engine later."""
    require(
        can_act_for(actor, local_government),
        gettext("You may only express interest in the name of your own local government."),
    )
    if need is not None:
        if need.local_government_id != local_government.pk:
            # Matches for a need are acted on by the local government that posted it.
            raise PermissionDeniedError(gettext("This need belongs to another local government."))
        if need.status != PostStatus.OPEN:
            raise ApplicationError(_("Only open needs can be matched."))
    match = selectors.find_match(need, local_government, candidate_key)
    if match is None:
        raise ApplicationError(_("This match is no longer proposed; refresh the list."))
    to_lg, to_network = _recipient(match)
    if to_lg is not None and to_lg.pk == local_government.pk:
        raise ApplicationError(_("A local government cannot match with itself."))
    interest = Interest(
        need=need,
        from_local_government=local_government,
        to_local_government=to_lg,
        to_network=to_network,
        candidate_key=candidate_key,
        candidate_title=match["title"][:400],
        rank=match["rank"],
        score=match["score"],
        factors=match["factors"],
        message=message.strip()[:2000],
        created_by=person(actor),
    )
    try:
        with transaction.atomic():
            interest.save()
    except IntegrityError as exc:
        raise ApplicationError(gettext("You already expressed interest in this match.")) from exc
    recipients = users_of(to_lg) if to_lg is not None else staff_of_network(to_network)
    notify(
        recipients=recipients,
        kind=Notification.Kind.INTEREST,
        text=lambda: (
            gettext("%(place)s is interested in “%(title)s”")
            % {"place": local_government, "title": interest.candidate_title}
        ),
        url=reverse("matching:interests"),
    )
    return interest


@transaction.atomic
def interest_decide(*, actor: Actor, interest: Interest, accept: bool, note: str = "") -> Interest:
    """Accept (both sides then see each other's focal points and get a private
    conversation) or decline."""
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    require(
        can_answer_interest(actor, locked),
        gettext("Only the side that received this interest may answer."),
    )
    if locked.status != Interest.Status.PENDING:
        raise ApplicationError(
            _("This interest was already %(value)s.")
            % {"value": locked.get_status_display().lower()}
        )
    locked.status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
    locked.decided_by = person(actor)
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()[:2000]
    if accept:
        sides = [locked.from_local_government]
        if locked.to_local_government is not None:
            sides.append(locked.to_local_government)
        # A network's offer is answered by its staff: the network is a party to the
        # conversation, so the city's messages reach them.
        locked.conversation = conversation_start(
            title=locked.candidate_title,
            local_governments=sides,
            networks=[locked.to_network] if locked.to_network is not None else [],
            opening=locked.message,
            author=locked.created_by,
        )
        if locked.decision_note:
            Message.objects.create(
                conversation=locked.conversation,
                author=person(actor),
                local_government=locked.to_local_government,
                network=locked.to_network,
                body=locked.decision_note,
            )
    locked.save()
    notify(
        recipients=users_of(locked.from_local_government),
        kind=Notification.Kind.DECISION,
        text=lambda: (
            (
                gettext("%(place)s accepted your interest in “%(title)s”")
                if accept
                else gettext("%(place)s declined your interest in “%(title)s”")
            )
            % {"place": locked.recipient_name, "title": locked.candidate_title}
        ),
        url=reverse("matching:interests"),
    )
    return locked


@transaction.atomic
def interest_withdraw(*, actor: Actor, interest: Interest) -> Interest:
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    require(
        can_act_for(actor, locked.from_local_government), gettext("Only the sender may withdraw.")
    )
    if locked.status != Interest.Status.PENDING:
        raise ApplicationError(_("Only an interest still waiting for an answer can be withdrawn."))
    locked.status = Interest.Status.WITHDRAWN
    locked.save(update_fields=["status"])
    return locked


def _digest_line(title: str, count: int) -> str:
    return ngettext(
        "%(count)d new match for “%(title)s”", "%(count)d new matches for “%(title)s”", count
    ) % {"count": count, "title": title}


def send_digests(*, per_need: int = 5) -> int:
    """Email each member of a local government with open needs the matches they have not been
    sent yet, and leave the same as in-app notifications. Returns the number of emails."""
    new_by_need: dict[Need, list[dict[str, Any]]] = {}
    for need in Need.objects.filter(status=PostStatus.OPEN).select_related("local_government"):
        sent = set(DigestEntry.objects.filter(need=need).values_list("candidate_key", flat=True))
        found = selectors.need_matches(need, limit=per_need)
        fresh = [m for kind in selectors.KINDS for m in found[kind] if m["key"] not in sent]
        if fresh:
            new_by_need[need] = fresh
    by_place: dict[LocalGovernment, list[tuple[Need, list[dict[str, Any]]]]] = defaultdict(list)
    for need, fresh in new_by_need.items():
        by_place[need.local_government].append((need, fresh))
    emails = 0
    site = settings.PONTE_SITE_URL.rstrip("/")
    for place, needs in by_place.items():
        # A place's matches are recorded as sent, and notified in the app, before its emails
        # go: a digest run again (a retried task, a worker that died) never mails anyone
        # twice. At worst one place's email is lost to a crash; its notifications remain.
        with transaction.atomic():
            DigestEntry.objects.bulk_create(
                [
                    DigestEntry(need=need, candidate_key=m["key"])
                    for need, fresh in needs
                    for m in fresh
                ],
                ignore_conflicts=True,
            )
            for need, fresh in needs:
                notify(
                    recipients=users_of(place),
                    kind=Notification.Kind.DIGEST,
                    text=partial(_digest_line, need.title, len(fresh)),
                    url=reverse("exchange:need", args=[need.pk]),
                )
        for user in users_of(place).exclude(email=""):
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                context = {"user": user, "place": place, "needs": needs, "site": site}
                body = render_to_string("matching/digest_email.txt", context)
                subject = gettext("New matches for the needs of %(place)s") % {"place": place}
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            emails += 1
    return emails
