"""Writes to solidarity requests (open at once: they are urgent) and the pledges local
governments make against their items (pledged → shipped → received, or cancelled)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.accounts.permissions import Actor, SystemActor, member_of, person, require, staff_of
from ponte.community.models import Notification
from ponte.community.services import notify, people_of, users_of
from ponte.core.audit import log_created
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.validation import validate
from ponte.directory.models import Hazard, LocalGovernment, Network
from ponte.directory.permissions import can_act_for, can_edit_local_government, can_moderate_for
from ponte.exchange.models import Pledge, SolidarityItem, SolidarityRequest
from ponte.exchange.permissions import can_ask_help_for
from ponte.exchange.services.values import parse_date, parse_language


def _quantity(value: Any, field: str) -> Decimal:
    """A quantity as people write it ("50,000"); how many digits it may have is the model
    field's to say (`validate`)."""
    try:
        quantity = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(
            gettext("%(value)s is not a quantity.") % {"value": repr(value)},
            errors={field: [gettext("Enter a number.")]},
        ) from exc
    if not quantity.is_finite() or quantity <= 0:
        raise ApplicationError(
            gettext("Quantities must be more than zero."),
            errors={field: [gettext("Enter a number above 0.")]},
        )
    return quantity


def _item_problem(number: int, problem: str) -> str:
    return gettext("Item %(number)s: %(problem)s") % {"number": number, "problem": problem}


@transaction.atomic
def solidarity_request_create(
    *,
    actor: Actor,
    local_government: LocalGovernment,
    data: dict[str, Any],
    items: list[dict[str, Any]],
    is_demo: bool = False,
) -> SolidarityRequest:
    """Open a request at once: it is urgent. Every item needs a name, quantity and unit.

    A network's staff may open one on behalf of a member local government: the request says
    so, and the local government's focal points are told."""
    on_behalf: Network | None = None
    if not isinstance(actor, SystemActor):
        require(
            can_ask_help_for(actor, local_government),
            gettext(
                "You may only ask for help in the name of your own local government, or, as "
                "network staff, of one of your network's members."
            ),
        )
        network_id = staff_of(actor)
        if network_id is not None and member_of(actor) != local_government.pk:
            on_behalf = Network.objects.get(pk=network_id)
    if not items:
        raise ApplicationError(
            _("Say what is needed."), errors={"items": [_("Add at least one item.")]}
        )
    request = SolidarityRequest(
        local_government=local_government,
        title=str(data.get("title") or "").strip(),
        description=str(data.get("description") or "").strip(),
        language=parse_language(data.get("language")),
        delivery_place=str(data.get("delivery_place") or "").strip(),
        deadline=parse_date(data.get("deadline"), "deadline"),
        created_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
        opened_by_network=on_behalf,
        is_demo=is_demo,
        external_id=data.get("external_id") or None,
    )
    hazard = data.get("hazard")
    if hazard:
        request.hazard = Hazard.objects.filter(slug=hazard).first()
        if request.hazard is None:
            raise ApplicationError(
                _("Unknown hazard."),
                errors={"hazard": [_("Unknown: %(hazard)s") % {"hazard": hazard}]},
            )
    validate(request)
    rows = []
    for position, item in enumerate(items):
        number = {"number": position + 1}
        name = str(item.get("name") or "").strip()
        unit = str(item.get("unit") or "").strip()
        if not name or not unit:
            message = gettext("Item %(number)s needs a name and a unit.") % number
            raise ApplicationError(message, errors={"items": [message]})
        try:
            quantity = _quantity(item.get("quantity"), "items")
        except ApplicationError as exc:
            problem = _item_problem(position + 1, exc.errors["items"][0])
            raise ApplicationError(exc.message, errors={"items": [problem]}) from exc
        row = SolidarityItem(position=position, name=name, unit=unit, quantity=quantity)
        validate(
            row,
            exclude=["request"],
            message=gettext("Item %(number)s cannot be saved as written.") % number,
            field="items",
            each=partial(_item_problem, position + 1),
        )
        rows.append(row)
    request.save()
    for row in rows:
        row.request = request
    log_created(SolidarityItem.objects.bulk_create(rows))
    if on_behalf is not None:
        network, title = on_behalf, request.title
        notify(
            recipients=users_of(local_government),
            kind=Notification.Kind.REVIEW,
            text=lambda: (
                gettext("%(network)s opened “%(title)s” on behalf of %(place)s")
                % {"network": network, "title": title, "place": local_government.name}
            ),
            url=reverse("exchange:solidarity-detail", args=[request.pk]),
        )
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
    pledge = Pledge(
        item=locked,
        local_government=local_government,
        quantity=amount,
        note=note.strip()[:500],
        created_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
    )
    validate(pledge)
    missing = locked.missing()
    if amount > missing and not confirm_over:
        numbers = {
            "missing": f"{missing.normalize():f}",
            "unit": locked.unit,
            "amount": f"{amount.normalize():f}",
        }
        raise OverPledgeError(
            gettext(
                "Only %(missing)s %(unit)s are still missing; you pledge %(amount)s. "
                "Confirm to pledge more than was asked."
            )
            % numbers,
            errors={"quantity": [gettext("Still missing: %(missing)s %(unit)s.") % numbers]},
        )
    pledge.save()
    _tell_about_pledge(pledge, locked)
    return pledge


def _tell_about_pledge(pledge: Pledge, item: SolidarityItem) -> None:
    """A pledge, its shipping and its cancellation are told to the requester and the staff of
    its networks; its receipt to the pledging side and the requester's networks. Each reads
    it in their own language, and the link opens the request, where they act on it."""
    request = item.request
    requester = request.local_government
    networks = list(requester.networks.all())
    numbers = {
        "place": pledge.local_government.name,
        "requester": requester.name,
        "amount": f"{pledge.quantity.normalize():f}",
        "unit": item.unit,
        "item": item.name,
        "title": request.title,
    }
    texts: dict[str, Callable[[], str]] = {
        Pledge.Status.PLEDGED: lambda: (
            gettext("%(place)s pledged %(amount)s %(unit)s of %(item)s to “%(title)s”") % numbers
        ),
        Pledge.Status.SHIPPED: lambda: (
            gettext("%(place)s shipped %(amount)s %(unit)s of %(item)s for “%(title)s”") % numbers
        ),
        Pledge.Status.RECEIVED: lambda: (
            gettext(
                "%(requester)s received %(amount)s %(unit)s of %(item)s from %(place)s "
                "(“%(title)s”)"
            )
            % numbers
        ),
        Pledge.Status.CANCELLED: lambda: (
            gettext(
                "%(place)s cancelled its pledge of %(amount)s %(unit)s of %(item)s to “%(title)s”"
            )
            % numbers
        ),
    }
    told_side = pledge.local_government if pledge.status == Pledge.Status.RECEIVED else requester
    notify(
        recipients=people_of(local_governments=[told_side], networks=networks),
        kind=Notification.Kind.PLEDGE,
        text=texts[pledge.status],
        url=reverse("exchange:solidarity-detail", args=[request.pk]),
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
            _("A pledge that is %(value)s cannot become %(value2)s.")
            % {
                "value": locked.get_status_display().lower(),
                "value2": Pledge.Status(status).label.lower()
                if status in Pledge.Status.values
                else status,
            }
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
    _tell_about_pledge(locked, locked.item)
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
