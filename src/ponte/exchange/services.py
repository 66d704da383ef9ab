"""Writes to the exchange: needs and offers (draft → review → open → closed or expired, with
renewal), solidarity requests with their items, and pledges against them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ponte.accounts.permissions import Actor, SystemActor, is_admin, person, require
from ponte.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from ponte.directory.lookups import resolve_tags
from ponte.directory.models import Hazard, Language, LocalGovernment, Network
from ponte.directory.permissions import can_act_for, can_edit_local_government, can_moderate_for
from ponte.exchange.models import (
    Format,
    Need,
    Offer,
    Pledge,
    PostStatus,
    SolidarityItem,
    SolidarityRequest,
)
from ponte.exchange.permissions import can_edit_post, can_review_post
from ponte.knowledge.models import Item, ItemType

Post = Need | Offer

TEXT_FIELDS = ("title", "description", "formats")
NEED_FIELDS = (*TEXT_FIELDS, "deadline")
OFFER_FIELDS = (*TEXT_FIELDS, "kind")

# action -> (statuses it starts from, status it leads to, who may do it)
TRANSITIONS: dict[str, tuple[set[str], str, str]] = {
    "submit": ({PostStatus.DRAFT}, PostStatus.SUBMITTED, "editor"),
    "approve": ({PostStatus.SUBMITTED}, PostStatus.OPEN, "reviewer"),
    "return": ({PostStatus.SUBMITTED}, PostStatus.DRAFT, "reviewer"),
    "close": ({PostStatus.OPEN, PostStatus.EXPIRED}, PostStatus.CLOSED, "editor-or-reviewer"),
    "renew": ({PostStatus.OPEN, PostStatus.EXPIRED}, PostStatus.OPEN, "editor"),
}


def _invalid(exc: ValidationError) -> ApplicationError:
    errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return ApplicationError("Some fields are not valid.", errors=errors)


def _language(code: Any) -> Language:
    try:
        return Language.objects.get(code=str(code or "").strip().lower())
    except Language.DoesNotExist as exc:
        raise ApplicationError(
            f"Unknown language {code!r}.", errors={"language": ["Choose a language."]}
        ) from exc


def _languages(codes: Any, field: str) -> list[Language]:
    wanted = [str(c).strip().lower() for c in codes or [] if str(c).strip()]
    found = {lang.code: lang for lang in Language.objects.filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ApplicationError(
            "Some languages are not known.", errors={field: [f"Unknown: {', '.join(missing)}"]}
        )
    return [found[c] for c in dict.fromkeys(wanted)]


def _formats(values: Any) -> list[str]:
    formats = [str(v) for v in values or []]
    unknown = [f for f in formats if f not in Format.values]
    if unknown:
        raise ApplicationError(
            "Unknown format.",
            errors={"formats": [f"Unknown: {', '.join(unknown)}; use {', '.join(Format.values)}"]},
        )
    return list(dict.fromkeys(formats))


def expiry_from(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=settings.PONTE_EXCHANGE_OPEN_DAYS)


def _apply(post: Post, data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    """Set plain fields and the language; return tags and language lists to set after save."""
    for name in fields:
        if name in data:
            value = data[name]
            if name == "formats":
                value = _formats(value)
            elif name == "deadline":
                value = _date(value, "deadline")
                if value is not None and value < timezone.localdate():
                    raise ApplicationError(
                        "The deadline has passed.",
                        errors={"deadline": ["Choose a date from today on."]},
                    )
            setattr(post, name, value if value is not None or name == "deadline" else "")
    if data.get("language"):
        post.language = _language(data["language"])
    relations: dict[str, list[Any]] = dict(resolve_tags(data))
    for name in ("preferred_languages", "languages"):
        if name in data:
            relations[name] = _languages(data[name], name)
    return relations


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ApplicationError(
            f"{value!r} is not a date.", errors={field: ["Use the form YYYY-MM-DD."]}
        ) from exc


def _save(post: Post, relations: dict[str, list[Any]]) -> None:
    try:
        post.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise _invalid(exc) from exc
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
        raise ApplicationError("Choose a language.", errors={"language": ["Choose a language."]})
    relations = _apply(need, data, NEED_FIELDS)
    _save(need, relations)
    return need


def _initial_status(post: Post, data: dict[str, Any], actor: Actor) -> None:
    status = data.get("status") or PostStatus.DRAFT
    if status not in PostStatus.values:
        raise ApplicationError(f"Unknown status {status!r}.")
    if not isinstance(actor, SystemActor) and status != PostStatus.DRAFT:
        raise ApplicationError("New needs and offers start as drafts; submit them for review.")
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
        raise ApplicationError("An offer comes from one local government or one network.")
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
        raise ApplicationError("Choose a language.", errors={"language": ["Choose a language."]})
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
            "Unknown practice.", errors={"practice": [f"No practice {value!r}."]}
        )
    if provider.local_government is not None and practice.owner_id != provider.local_government.pk:
        raise ApplicationError(
            "Only your own practices can be offered.",
            errors={"practice": ["This practice belongs to another local government."]},
        )
    return practice


@transaction.atomic
def post_update(*, actor: Actor, post: Post, version: int, data: dict[str, Any]) -> Post:
    """Edit a need or offer; `version` is what the editor loaded (concurrent edits conflict)."""
    require(can_edit_post(actor, post), gettext("You may not edit this."))
    locked = type(post).objects.select_for_update().get(pk=post.pk)
    if locked.version != version:
        raise ConflictError(
            "Someone else saved this after you opened it. Reload to see their changes, "
            "then apply yours again."
        )
    if locked.status == PostStatus.CLOSED:
        raise ApplicationError("Closed needs and offers cannot be edited.")
    fields = NEED_FIELDS if isinstance(locked, Need) else OFFER_FIELDS
    relations = _apply(locked, data, fields)
    if isinstance(locked, Offer) and "practice" in data:
        locked.practice = _practice(
            data["practice"], Provider(locked.local_government, locked.network)
        )
    locked.version += 1
    _save(locked, relations)
    return locked


def _may(actor: Actor, post: Post, who: str) -> bool:
    if who == "editor":
        return can_edit_post(actor, post)
    if who == "reviewer":
        return can_review_post(actor, post)
    return can_edit_post(actor, post) or can_review_post(actor, post)


@transaction.atomic
def post_transition(*, actor: Actor, post: Post, action: str, comment: str = "") -> Post:
    """Submit, approve, return (with a comment), close or renew a need or offer."""
    if action not in TRANSITIONS:
        raise ApplicationError(f"Unknown action {action!r}.")
    sources, target, who = TRANSITIONS[action]
    locked = type(post).objects.select_for_update().get(pk=post.pk)
    if not _may(actor, locked, who):
        require(False, f"You may not {action} this.")
    if locked.status not in sources:
        allowed = " or ".join(str(PostStatus(s).label).lower() for s in sorted(sources))
        raise ApplicationError(
            f"This is {locked.get_status_display().lower()}; only what is {allowed} can take "
            f"the action {action!r}."
        )
    if action == "return" and not comment.strip():
        raise ApplicationError(
            "Say what needs to change.", errors={"comment": ["A comment is required."]}
        )
    locked.status = target
    if action in ("return", "approve"):
        locked.review_comment = comment.strip()
    if action in ("approve", "renew"):
        locked.opened_at = locked.opened_at or timezone.now()
        locked.expires_on = expiry_from()
    locked.save()
    return locked


def expire_posts(*, today: dt.date | None = None) -> int:
    """Close open needs and offers whose time ran out; their owners can renew them."""
    today = today or timezone.localdate()
    expired = 0
    for model in (Need, Offer):
        with transaction.atomic():
            stale = list(
                model.objects.select_for_update().filter(
                    status=PostStatus.OPEN, expires_on__lt=today
                )
            )
            for post in stale:
                post.status = PostStatus.EXPIRED
                post.save(update_fields=["status", "updated_at"])
            expired += len(stale)
    return expired


# Solidarity requests and pledges -------------------------------------------------------------


def _quantity(value: Any, field: str) -> Decimal:
    try:
        quantity = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(
            f"{value!r} is not a quantity.", errors={field: ["Enter a number."]}
        ) from exc
    if not quantity.is_finite() or quantity <= 0:
        raise ApplicationError(
            "Quantities must be more than zero.", errors={field: ["Enter a number above 0."]}
        )
    return quantity


@transaction.atomic
def solidarity_request_create(
    *,
    actor: Actor,
    local_government: LocalGovernment,
    data: dict[str, Any],
    items: list[dict[str, Any]],
    is_demo: bool = False,
) -> SolidarityRequest:
    """Open a request at once: it is urgent. Every item needs a name, quantity and unit."""
    if not isinstance(actor, SystemActor):
        require(
            can_edit_local_government(actor, local_government),
            gettext("You may only ask for help in the name of your own local government."),
        )
    if not items:
        raise ApplicationError("Say what is needed.", errors={"items": ["Add at least one item."]})
    request = SolidarityRequest(
        local_government=local_government,
        title=str(data.get("title") or "").strip(),
        description=str(data.get("description") or "").strip(),
        language=_language(data.get("language")),
        delivery_place=str(data.get("delivery_place") or "").strip(),
        deadline=_date(data.get("deadline"), "deadline"),
        created_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
        external_id=data.get("external_id") or None,
    )
    hazard = data.get("hazard")
    if hazard:
        request.hazard = Hazard.objects.filter(slug=hazard).first()
        if request.hazard is None:
            raise ApplicationError("Unknown hazard.", errors={"hazard": [f"Unknown: {hazard}"]})
    try:
        request.full_clean()
    except ValidationError as exc:
        raise _invalid(exc) from exc
    rows = []
    for position, item in enumerate(items):
        name = str(item.get("name") or "").strip()
        unit = str(item.get("unit") or "").strip()
        if not name or not unit:
            raise ApplicationError(
                f"Item {position + 1} needs a name and a unit.",
                errors={"items": [f"Item {position + 1} needs a name and a unit."]},
            )
        rows.append(
            SolidarityItem(
                position=position,
                name=name[:200],
                unit=unit[:40],
                quantity=_quantity(item.get("quantity"), "items"),
            )
        )
    request.save()
    for row in rows:
        row.request = request
    SolidarityItem.objects.bulk_create(rows)
    return request


class OverPledgeError(ApplicationError):
    """The pledge would take the item past what was asked; confirm to go ahead."""


@transaction.atomic
def pledge_create(
    *,
    actor: Actor,
    item: SolidarityItem,
    local_government: LocalGovernment,
    quantity: Any,
    note: str = "",
    confirm_over: bool = False,
) -> Pledge:
    """Promise part of an item. Going past what was asked needs `confirm_over`: the
    requester might not be able to store it, but a city may know something we don't."""
    if not isinstance(actor, SystemActor):
        require(
            can_act_for(actor, local_government),
            gettext("You may only pledge in the name of your own local government."),
        )
    locked = SolidarityItem.objects.select_for_update().select_related("request").get(pk=item.pk)
    if locked.request.status != SolidarityRequest.Status.OPEN:
        raise ApplicationError(gettext("This request is no longer open."))
    if locked.request.local_government_id == local_government.pk:
        raise PermissionDeniedError(gettext("A local government cannot pledge to its own request."))
    amount = _quantity(quantity, "quantity")
    missing = locked.missing()
    if amount > missing and not confirm_over:
        raise OverPledgeError(
            f"Only {missing.normalize():f} {locked.unit} are still missing; you pledge "
            f"{amount.normalize():f}. Confirm to pledge more than was asked.",
            errors={"quantity": [f"Still missing: {missing.normalize():f} {locked.unit}."]},
        )
    return Pledge.objects.create(
        item=locked,
        local_government=local_government,
        quantity=amount,
        note=note.strip()[:500],
        created_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def pledge_advance(*, actor: Actor, pledge: Pledge, status: str) -> Pledge:
    """Shipped or cancelled by the pledging side; received confirmed by the requester."""
    locked = (
        Pledge.objects.select_for_update()
        .select_related("item__request__local_government", "local_government")
        .get(pk=pledge.pk)
    )
    allowed = Pledge.TRANSITIONS.get(locked.status, {})
    if status not in allowed:
        raise ApplicationError(
            f"A pledge that is {locked.get_status_display().lower()} cannot become "
            f"{Pledge.Status(status).label.lower() if status in Pledge.Status.values else status}."
        )
    side = (
        locked.local_government
        if allowed[status] == "pledger"
        else locked.item.request.local_government
    )
    require(
        can_act_for(actor, side),
        gettext("Only %(side)s may mark this pledge as %(status)s.")
        % {"side": side, "status": Pledge.Status(status).label},
    )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def solidarity_request_close(*, actor: Actor, request: SolidarityRequest, fulfilled: bool) -> None:
    lg = request.local_government
    require(
        can_edit_local_government(actor, lg) or can_moderate_for(actor, lg),
        gettext(
            "Only the requesting local government or its networks' staff may close this request."
        ),
    )
    request.status = (
        SolidarityRequest.Status.FULFILLED if fulfilled else SolidarityRequest.Status.CLOSED
    )
    request.save(update_fields=["status", "updated_at"])
