"""Writes to needs and offers: create (drafts, or any status for Ponte's own imports and
demo), edit with conflict detection, and the moves of their workflow (`exchange.workflow`:
submit, approve, return, close, renew, and expiry by Ponte)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.accounts.permissions import SYSTEM, Actor, SystemActor, is_admin, person, require
from ponte.community.services import notify_review, people_of
from ponte.core.exceptions import ApplicationError, ConflictError
from ponte.core.validation import validate
from ponte.directory.lookups import resolve_tags
from ponte.directory.models import Language, LocalGovernment, Network
from ponte.directory.permissions import can_edit_local_government
from ponte.exchange.models import Format, Need, Offer, PostStatus
from ponte.exchange.permissions import can_edit_post
from ponte.exchange.services.values import parse_date, parse_language
from ponte.exchange.workflow import WORKFLOW
from ponte.knowledge.models import Item, ItemType

Post = Need | Offer

TEXT_FIELDS = ("title", "description", "formats")
NEED_FIELDS = (*TEXT_FIELDS, "deadline")
OFFER_FIELDS = (*TEXT_FIELDS, "kind")


def _languages(codes: Any, field: str) -> list[Language]:
    wanted = [str(c).strip().lower() for c in codes or [] if str(c).strip()]
    found = {lang.code: lang for lang in Language.objects.filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ApplicationError(
            _("Some languages are not known."),
            errors={field: [_("Unknown: %(value)s") % {"value": ", ".join(missing)}]},
        )
    return [found[c] for c in dict.fromkeys(wanted)]


def _formats(values: Any) -> list[str]:
    formats = [str(v) for v in values or []]
    unknown = [f for f in formats if f not in Format.values]
    if unknown:
        raise ApplicationError(
            _("Unknown format."),
            errors={
                "formats": [
                    _("Unknown: %(value)s; use %(value2)s")
                    % {"value": ", ".join(unknown), "value2": ", ".join(Format.values)}
                ]
            },
        )
    return list(dict.fromkeys(formats))


def expiry_from(today: dt.date | None = None, *, deadline: dt.date | None = None) -> dt.date:
    """The day an opened post stops being open: a need's own deadline when it has one still
    ahead (its author wants no answer after it, and may want one after the default window),
    otherwise `PONTE_EXCHANGE_OPEN_DAYS` from today."""
    today = today or timezone.localdate()
    if deadline is not None and deadline >= today:
        return deadline
    return today + dt.timedelta(days=settings.PONTE_EXCHANGE_OPEN_DAYS)


def _deadline(post: Post) -> dt.date | None:
    return post.deadline if isinstance(post, Need) else None


def _apply(post: Post, data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    """Set plain fields and the language; return tags and language lists to set after save."""
    for name in fields:
        if name in data:
            value = data[name]
            if name == "formats":
                value = _formats(value)
            elif name == "deadline":
                value = parse_date(value, "deadline")
                if value is not None and value < timezone.localdate():
                    raise ApplicationError(
                        _("The deadline has passed."),
                        errors={"deadline": [_("Choose a date from today on.")]},
                    )
            setattr(post, name, value if value is not None or name == "deadline" else "")
    if data.get("language"):
        post.language = parse_language(data["language"])
    relations: dict[str, list[Any]] = dict(resolve_tags(data))
    for name in ("preferred_languages", "languages"):
        if name in data:
            relations[name] = _languages(data[name], name)
    return relations


def _save(post: Post, relations: dict[str, list[Any]]) -> None:
    validate(post, exclude=["created_by"])
    post.save()
    for name, objects in relations.items():
        getattr(post, name).set(objects)


@transaction.atomic
def need_create(
    *, actor: Actor, local_government: LocalGovernment, data: dict[str, Any], is_demo: bool = False
) -> Need:
    """A draft need (or, for the system's demo and imports, a need in the status given)."""
    if not isinstance(actor, SystemActor):
        require(
            can_edit_local_government(actor, local_government),
            gettext("You may only post needs in the name of your own local government."),
        )
    need = Need(
        local_government=local_government,
        created_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
        external_id=data.get("external_id") or None,
    )
    _initial_status(need, data, actor)
    if not data.get("language"):
        raise ApplicationError(
            _("Choose a language."), errors={"language": [_("Choose a language.")]}
        )
    relations = _apply(need, data, NEED_FIELDS)
    if need.status == PostStatus.OPEN:
        need.expires_on = expiry_from(deadline=need.deadline)
    _save(need, relations)
    return need


def _initial_status(post: Post, data: dict[str, Any], actor: Actor) -> None:
    status = data.get("status") or PostStatus.DRAFT
    if status not in PostStatus.values:
        raise ApplicationError(_("Unknown status %(status)r.") % {"status": status})
    if not isinstance(actor, SystemActor) and status != PostStatus.DRAFT:
        raise ApplicationError(_("New needs and offers start as drafts; submit them for review."))
    post.status = status
    if status == PostStatus.OPEN:
        post.opened_at = timezone.now()
        post.expires_on = expiry_from()


@dataclass
class Provider:
    local_government: LocalGovernment | None = None
    network: Network | None = None


@transaction.atomic
def offer_create(
    *, actor: Actor, provider: Provider, data: dict[str, Any], is_demo: bool = False
) -> Offer:
    if (provider.local_government is None) == (provider.network is None):
        raise ApplicationError(_("An offer comes from one local government or one network."))
    if not is_admin(actor):
        if provider.network is not None:
            require(
                actor.is_authenticated
                and actor.is_network_staff
                and actor.network_id == provider.network.pk,
                gettext("Only this network's staff make offers in its name."),
            )
        else:
            assert provider.local_government is not None
            require(
                can_edit_local_government(actor, provider.local_government),
                gettext("You may only make offers in the name of your own local government."),
            )
    offer = Offer(
        local_government=provider.local_government,
        network=provider.network,
        created_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
        external_id=data.get("external_id") or None,
    )
    _initial_status(offer, data, actor)
    if not data.get("language"):
        raise ApplicationError(
            _("Choose a language."), errors={"language": [_("Choose a language.")]}
        )
    relations = _apply(offer, data, OFFER_FIELDS)
    offer.practice = _practice(data.get("practice"), provider)
    _save(offer, relations)
    return offer


def _practice(value: Any, provider: Provider) -> Item | None:
    if not value:
        return None
    lookup = {"pk": value} if isinstance(value, int) else {"external_id": str(value)}
    practice = Item.objects.filter(type=ItemType.PRACTICE, **lookup).first()
    if practice is None:
        raise ApplicationError(
            _("Unknown practice."),
            errors={"practice": [_("No practice %(value)r.") % {"value": value}]},
        )
    if provider.local_government is not None and practice.owner_id != provider.local_government.pk:
        raise ApplicationError(
            _("Only your own practices can be offered."),
            errors={"practice": [_("This practice belongs to another local government.")]},
        )
    return practice


@transaction.atomic
def post_update(*, actor: Actor, post: Post, version: int, data: dict[str, Any]) -> Post:
    """Edit a need or offer; `version` is what the editor loaded (concurrent edits conflict)."""
    require(can_edit_post(actor, post), gettext("You may not edit this."))
    locked = type(post).objects.select_for_update().get(pk=post.pk)
    if locked.version != version:
        raise ConflictError(
            _(
                "Someone else saved this after you opened it. Reload to see their changes, "
                "then apply yours again."
            )
        )
    if locked.status == PostStatus.CLOSED:
        raise ApplicationError(_("Closed needs and offers cannot be edited."))
    fields = NEED_FIELDS if isinstance(locked, Need) else OFFER_FIELDS
    deadline_before = _deadline(locked)
    relations = _apply(locked, data, fields)
    if locked.status == PostStatus.OPEN and _deadline(locked) != deadline_before:
        locked.expires_on = expiry_from(deadline=_deadline(locked))
    if isinstance(locked, Offer) and "practice" in data:
        locked.practice = _practice(
            data["practice"], Provider(locked.local_government, locked.network)
        )
    locked.version += 1
    _save(locked, relations)
    return locked


@transaction.atomic
def post_transition(*, actor: Actor, post: Post, action: str, comment: str = "") -> Post:
    """Move a need or offer through its workflow (`exchange.workflow`): submit, approve,
    return (with a comment), close or renew."""
    WORKFLOW[action]  # an unknown action is refused before anything is locked
    locked = type(post).objects.select_for_update().get(pk=post.pk)
    move = WORKFLOW.take(actor, locked, action, comment=comment)
    if move.review:  # approved or returned: the authors read why
        locked.review_comment = comment.strip()
    if locked.status == PostStatus.OPEN:  # approved or renewed: open for another period
        locked.opened_at = locked.opened_at or timezone.now()
        locked.expires_on = expiry_from(deadline=_deadline(locked))
    locked.save()
    _tell_about_move(locked, action=action, comment=comment.strip())
    return locked


def _tell_about_move(post: Post, *, action: str, comment: str) -> None:
    """Reviewers are told of a submission; authors of an approval or a return (with the
    reviewer's comment)."""
    kind = "need" if isinstance(post, Need) else "offer"
    url = reverse(f"exchange:{kind}", args=[post.pk])
    network = getattr(post, "network", None)
    if action == "submit":
        lg_networks = post.local_government.networks.all() if post.local_government else []
        reviewers = people_of(networks=[network] if network else lg_networks)
        notify_review(step="submitted", recipients=reviewers, title=post.title, url=url)
    elif action in ("approve", "return"):
        authors = people_of(
            local_governments=[] if network else [post.local_government],
            networks=[network] if network else [],
            also=[post.created_by],
        )
        step = "opened" if action == "approve" else "returned"
        notify_review(step=step, recipients=authors, title=post.title, url=url, comment=comment)


def expire_posts(*, today: dt.date | None = None) -> int:
    """Close open needs and offers whose time ran out; their owners can renew them."""
    today = today or timezone.localdate()
    expired = 0
    for model in (Need, Offer):
        with transaction.atomic():
            stale: list[Post] = list(
                model.objects.select_for_update().filter(
                    status=PostStatus.OPEN, expires_on__lt=today
                )
            )
            for post in stale:
                WORKFLOW.take(SYSTEM, post, "expire")
                post.save(update_fields=["status", "updated_at"])
            expired += len(stale)
    return expired
