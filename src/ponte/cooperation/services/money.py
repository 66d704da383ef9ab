"""A project's money, in IATI terms: budgets (original or revised, per period) and
transactions, each in its currency; totals never add different currencies together."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from ponte.accounts.permissions import Actor, require
from ponte.cooperation.models import Budget, Project, Transaction
from ponte.cooperation.permissions import can_edit_project
from ponte.cooperation.services.common import require_project_editor, save
from ponte.core.exceptions import ApplicationError
from ponte.directory.models import Currency


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(
            gettext("%(value)s is not an amount.") % {"value": value},
            errors={"value": [gettext("Not a number.")]},
        ) from exc
    if not amount.is_finite():
        raise ApplicationError(
            gettext("%(value)s is not an amount.") % {"value": value},
            errors={"value": [gettext("Not a number.")]},
        )
    if amount < 0:
        raise ApplicationError(
            gettext("Amounts cannot be negative."),
            errors={"value": [gettext("Must be zero or more.")]},
        )
    return amount


def _currency(code: str) -> Currency:
    currency = Currency.objects.filter(code=(code or "").upper()).first()
    if currency is None:
        raise ApplicationError(
            gettext("Unknown currency %(code)s: use an ISO 4217 code such as USD, EUR, IDR.")
            % {"code": code},
            errors={"currency": [gettext("Unknown currency.")]},
        )
    return currency


@transaction.atomic
def budget_add(
    *,
    actor: Actor,
    project: Project,
    period_start: date,
    period_end: date,
    value: Any,
    currency: str,
    type: int = Budget.Type.ORIGINAL,
) -> Budget:
    require(
        can_edit_project(actor, project),
        gettext("Only the project's participants may add budgets."),
    )
    if type not in Budget.Type.values:
        raise ApplicationError(
            gettext("Unknown budget type."), errors={"type": [gettext("Unknown type.")]}
        )
    return save(
        Budget(
            project=project,
            type=type,
            period_start=period_start,
            period_end=period_end,
            value=_money(value),
            currency=_currency(currency),
            value_date=period_start,
        )
    )


@transaction.atomic
def transaction_add(
    *,
    actor: Actor,
    project: Project,
    type: int,
    date: date,
    value: Any,
    currency: str,
    provider: str = "",
    receiver: str = "",
    description: str = "",
) -> Transaction:
    require(
        can_edit_project(actor, project),
        gettext("Only the project's participants may add money."),
    )
    if type not in Transaction.Type.values:
        raise ApplicationError(
            gettext("Unknown transaction type."), errors={"type": [gettext("Unknown type.")]}
        )
    return save(
        Transaction(
            project=project,
            type=type,
            date=date,
            value=_money(value),
            currency=_currency(currency),
            provider=provider,
            receiver=receiver,
            description=description,
        )
    )


def totals_by_currency(amounts: list[tuple[Decimal, str]]) -> dict[str, Decimal]:
    """Sum money per currency; different currencies are never added together."""
    totals: dict[str, Decimal] = {}
    for value, currency in amounts:
        totals[currency] = totals.get(currency, Decimal("0")) + value
    return totals


def budgeted_amounts(budgets: Iterable[Budget]) -> list[tuple[Decimal, str]]:
    """The money a project plans, as (value, currency): a revised budget replaces the original
    one for the same period and currency (IATI BudgetType 2), the latest revision winning,
    so a revision is never counted on top of what it revises."""
    originals: dict[tuple[date, date, str], list[Decimal]] = {}
    revised: dict[tuple[date, date, str], tuple[int, Decimal]] = {}
    for budget in budgets:
        key = (budget.period_start, budget.period_end, budget.currency_id)
        if budget.type == Budget.Type.REVISED:
            if key not in revised or budget.pk > revised[key][0]:
                revised[key] = (budget.pk, budget.value)
        else:
            originals.setdefault(key, []).append(budget.value)
    amounts = [(value, key[2]) for key, (_pk, value) in revised.items()]
    for key, values in originals.items():
        if key not in revised:
            amounts += [(value, key[2]) for value in values]
    return amounts


def converted_total(
    totals: dict[str, Decimal], rates: dict[str, str], target: str = "USD"
) -> Decimal | None:
    """A total in `target` using the configured rates, or None if any currency has no rate."""
    total = Decimal("0")
    for currency, value in totals.items():
        if currency == target:
            total += value
        elif currency in rates:
            total += value * Decimal(rates[currency])
        else:
            return None
    return total.quantize(Decimal("0.01"))


@transaction.atomic
def budget_remove(*, actor: Actor, budget: Budget) -> None:
    """Remove a budget line; the project's totals no longer count it."""
    require_project_editor(actor, budget.project)
    budget.delete()


@transaction.atomic
def transaction_remove(*, actor: Actor, transaction: Transaction) -> None:
    require_project_editor(actor, transaction.project)
    transaction.delete()
