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

from ponte.accounts.models import EmailDelivery
from ponte.accounts.permissions import Actor, member_of, person, require
from ponte.community.models import Message, Notification
from ponte.community.services import (
    conversation_start,
    notify,
    staff_of_network,
    users_of,
)
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.directory.models import LocalGovernment, Network
from ponte.directory.permissions import can_act_for, can_manage_network
from ponte.exchange.models import Need, Offer, PostStatus
from ponte.knowledge.models import Item
from ponte.matching import selectors
from ponte.matching.models import DigestEntry, Interest
from ponte.matching.permissions import can_answer_interest, can_broker_for


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
def interest_broker(
    *,
    actor: Actor,
    network: Network,
    from_local_government: LocalGovernment | None = None,
    to_local_government: LocalGovernment | None = None,
    need: Need | None = None,
    candidate: Item | Offer | None = None,
    message: str = "",
) -> Interest:
    """A network's staff propose a match between two of its members: a need (or simply the
    first local government) and a practice, an offer or the other local government itself.
    Both sides' focal points are told and answer it; the network sees how it ends."""
    require(
        can_manage_network(actor, network),
        gettext("Only this network's staff propose matches in its name."),
    )
    if need is not None:
        from_local_government = need.local_government
        if need.status != PostStatus.OPEN:
            raise ApplicationError(gettext("Only open needs can be matched."))
    if from_local_government is None:
        raise ApplicationError(
            gettext("Choose a need or a local government."),
            errors={"need": [gettext("Choose a need or a local government.")]},
        )
    if isinstance(candidate, Item):
        to_local_government = candidate.owner
        key, title = f"practice:{candidate.pk}", candidate.title
    elif isinstance(candidate, Offer):
        if candidate.network_id is not None:
            raise ApplicationError(
                gettext("A network's own offer is answered by that network: express interest.")
            )
        to_local_government = candidate.local_government
        key, title = f"offer:{candidate.pk}", candidate.title
    elif to_local_government is not None:
        key, title = f"local_government:{to_local_government.pk}", to_local_government.name
    if to_local_government is None:
        raise ApplicationError(
            gettext("Say whom to match with: a local government, a practice or an offer."),
            errors={"to_local_government": [gettext("Choose one.")]},
        )
    if to_local_government.pk == from_local_government.pk:
        raise ApplicationError(gettext("A local government cannot match with itself."))
    for side in (from_local_government, to_local_government):
        require(
            can_broker_for(actor, side),
            gettext("%(place)s is not a member of your network.") % {"place": side.name},
        )
    interest = Interest(
        need=need,
        from_local_government=from_local_government,
        to_local_government=to_local_government,
        brokered_by=network,
        candidate_key=key,
        candidate_title=title[:400],
        rank=0,
        score=0.0,
        message=message.strip()[:2000],
        created_by=person(actor),
    )
    try:
        with transaction.atomic():
            interest.save()
    except IntegrityError as exc:
        raise ApplicationError(gettext("This match was already proposed.")) from exc
    for here, there in (
        (from_local_government, to_local_government),
        (to_local_government, from_local_government),
    ):
        notify(
            recipients=users_of(here),
            kind=Notification.Kind.INTEREST,
            text=partial(_proposed, network, there, interest.candidate_title),
            url=reverse("matching:interests"),
        )
    return interest


def _proposed(network: Network, other: LocalGovernment, title: str) -> str:
    return gettext("%(network)s proposes a match with %(place)s: “%(title)s”") % {
        "network": network,
        "place": other.name,
        "title": title,
    }


def _decide_brokered(actor: Actor, locked: Interest, accept: bool) -> bool:
    """One side's answer to a brokered match; True once the match is decided (both sides
    accepted, or one declined)."""
    to_side = locked.to_local_government
    assert to_side is not None
    mine = member_of(actor)
    if mine in (locked.from_local_government_id, to_side.pk):
        side = locked.from_local_government if mine == locked.from_local_government_id else to_side
    else:  # an administrator answers for the side that has not yet
        side = (
            to_side if locked.accepted_first_by_id != to_side.pk else locked.from_local_government
        )
    if not accept:
        return True
    if locked.accepted_first_by_id == side.pk:
        raise ApplicationError(gettext("You accepted already; the other side has not answered."))
    if locked.accepted_first_by_id is None:
        network = locked.brokered_by
        assert network is not None
        locked.accepted_first_by = side
        locked.save(update_fields=["accepted_first_by"])
        other = to_side if side == locked.from_local_government else locked.from_local_government
        text = partial(_half_accepted, side, locked.candidate_title)
        notify(
            recipients=[*users_of(other), *staff_of_network(network)],
            kind=Notification.Kind.DECISION,
            text=text,
            url=reverse("matching:interests"),
        )
        return False
    return True


def _half_accepted(side: LocalGovernment, title: str) -> str:
    return gettext("%(place)s accepted the proposed match “%(title)s”") % {
        "place": side.name,
        "title": title,
    }


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
    if locked.brokered_by is not None and not _decide_brokered(actor, locked, accept):
        return locked
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
            # The network that proposed a match takes part in the conversation it started.
            networks=[n for n in (locked.to_network, locked.brokered_by) if n is not None],
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
    if locked.brokered_by is not None:
        _tell_brokered_outcome(locked, accept)
        return locked
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


def _tell_brokered_outcome(interest: Interest, accept: bool) -> None:
    """Both sides and the proposing network hear how a brokered match ended."""
    network = interest.brokered_by
    assert network is not None and interest.to_local_government is not None
    values = {
        "a": interest.from_local_government.name,
        "b": interest.to_local_government.name,
        "title": interest.candidate_title,
    }
    notify(
        recipients=[
            *users_of(interest.from_local_government),
            *users_of(interest.to_local_government),
            *staff_of_network(network),
        ],
        kind=Notification.Kind.DECISION,
        text=lambda: (
            (
                gettext("%(a)s and %(b)s accepted the proposed match “%(title)s”")
                if accept
                else gettext("The proposed match “%(title)s” between %(a)s and %(b)s was declined")
            )
            % values
        ),
        url=reverse("matching:interests"),
    )


@transaction.atomic
def interest_withdraw(*, actor: Actor, interest: Interest) -> Interest:
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    require(
        can_act_for(actor, locked.from_local_government), gettext("Only the sender may withdraw.")
    )
    if locked.brokered_by_id is not None:
        raise ApplicationError(
            gettext("A match a network proposed is not withdrawn: decline it if it does not fit.")
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
    sent yet (unless they turned notification emails off), and leave the same as in-app
    notifications. Returns the number of emails."""
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
                    # This digest is the email (with the matches themselves) for everyone
                    # who wants email at all, daily or immediate.
                    emailed=True,
                )
        for user in users_of(place).exclude(email="").exclude(email_delivery=EmailDelivery.OFF):
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                context = {"user": user, "place": place, "needs": needs, "site": site}
                body = render_to_string("matching/digest_email.txt", context)
                subject = gettext("New matches for the needs of %(place)s") % {"place": place}
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            emails += 1
    return emails
