"""Reads for cooperation records: lists, timelines and a network's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ponte.cooperation.models import Budget, Partnership, Programme, Project, Transaction
from ponte.cooperation.services import budgeted_amounts, converted_total, totals_by_currency
from ponte.core.formats import amount, quantity
from ponte.directory.models import LocalGovernment, Network, PonteRegion


def partnership_list(*, local_government: LocalGovernment | None = None) -> QuerySet[Partnership]:
    qs = Partnership.objects.prefetch_related(
        "participants__local_government__country", "participants__network"
    )
    if local_government is not None:
        qs = qs.filter(participants__local_government=local_government).distinct()
    return qs


def programme_list(*, network: Network | None = None) -> QuerySet[Programme]:
    """Programmes with their lead and co-leading networks; of one network (led or co-led)."""
    qs = Programme.objects.select_related("lead_network").prefetch_related(
        "co_lead_networks", "themes"
    )
    if network is not None:
        qs = qs.filter(Q(lead_network=network) | Q(co_lead_networks=network)).distinct()
    return qs


def project_list(
    *, local_government: LocalGovernment | None = None, network: Network | None = None
) -> QuerySet[Project]:
    qs = Project.objects.select_related("programme").prefetch_related(
        "budgets", "organisations", "locations"
    )
    if local_government is not None:
        qs = qs.filter(
            Q(locations=local_government) | Q(organisations__local_government=local_government)
        ).distinct()
    if network is not None:
        qs = qs.filter(
            Q(programme__lead_network=network)
            | Q(programme__co_lead_networks=network)
            | Q(organisations__network=network)
        ).distinct()
    return qs


def next_statuses(record: Partnership | Project) -> list[tuple[Any, str]]:
    """The statuses a partnership or project may move to from where it is, as (value, label)
    in the order of the status list."""
    if isinstance(record, Partnership):
        allowed: set[Any] = set(Partnership.TRANSITIONS.get(record.status, set()))
        choices: list[tuple[Any, Any]] = list(Partnership.Status.choices)
    else:
        allowed = set(Project.TRANSITIONS.get(record.status, set()))
        choices = list(Project.Status.choices)
    return [(value, str(label)) for value, label in choices if value in allowed]


@dataclass(frozen=True)
class Event:
    when: date
    what: str


def _dated(*pairs: tuple[date | None, str]) -> list[Event]:
    """The (date, label) pairs whose date is known."""
    return [Event(day, label) for day, label in pairs if day]


def _documents_added(documents: Any) -> list[Event]:
    label = _("Document added: %(title)s")
    return [Event(doc.created_at.date(), label % {"title": doc.title}) for doc in documents]


def project_timeline(project: Project) -> list[Event]:
    events = _dated(
        (project.planned_start, _("Planned start")),
        (project.actual_start, _("Started")),
        (project.planned_end, _("Planned end")),
        (project.actual_end, _("Ended")),
    )
    events += [
        Event(t.date, f"{t.get_type_display()}: {amount(t.value)} {t.currency_id}")
        for t in project.transactions.all()
    ]
    events += [
        Event(a.start_date, f"{a.title} ({a.get_status_display().lower()})")
        for a in project.activities.all()
    ]
    for result in project.results.all():
        events += [
            Event(p.period_end, f"{result.title}: {quantity(p.actual)} {result.unit}")
            for p in result.periods.all()
            if p.actual is not None
        ]
    events += _documents_added(project.documents.all())
    return sorted(events, key=lambda e: e.when)


def partnership_timeline(partnership: Partnership) -> list[Event]:
    """From the match it grew out of to its projects' starts and ends, oldest first."""
    events = [Event(partnership.created_at.date(), _("Recorded on Ponte"))]
    interest = partnership.origin_interest
    if interest is not None:
        events.append(Event(interest.created_at.date(), _("Interest sent through a Ponte match")))
        if interest.decided_at:
            events.append(Event(interest.decided_at.date(), _("Match accepted")))
    events += _dated(
        (partnership.start_date, _("Partnership starts")),
        (partnership.end_date, _("Partnership ends")),
    )
    for project in partnership.projects.all():
        start = project.actual_start or project.planned_start
        end = project.actual_end or project.planned_end
        if start:
            events.append(Event(start, _("Project starts: %(title)s") % {"title": project.title}))
        if end:
            events.append(Event(end, _("Project ends: %(title)s") % {"title": project.title}))
    events += _documents_added(partnership.documents.all())
    return sorted(events, key=lambda e: e.when)


def usual_currency(project_id: int) -> str:
    """The currency of the project's latest money, to prefill the next budget or transaction."""
    latest = (
        Budget.objects.filter(project_id=project_id).order_by("-pk").first()
        or Transaction.objects.filter(project_id=project_id).order_by("-pk").first()
    )
    return latest.currency_id if latest else ""


def budget_totals(project: Project) -> dict[str, Decimal]:
    return totals_by_currency(budgeted_amounts(project.budgets.all()))


def network_figures(network: Network) -> dict[str, Any]:
    """Money by funder and by theme (per currency, never mixed), active partnerships and the
    share of them that join Asia-Pacific with Latin America."""
    projects = project_list(network=network).prefetch_related("themes", "organisations")
    by_funder: dict[str, dict[str, Decimal]] = {}
    by_theme: dict[str, dict[str, Decimal]] = {}
    all_money: list[tuple[Decimal, str]] = []
    for project in projects:
        money = budgeted_amounts(project.budgets.all())
        all_money += money
        funders = [o.name for o in project.organisations.all() if o.role == 1] or ["—"]
        for funder in funders:
            for currency, value in totals_by_currency(money).items():
                bucket = by_funder.setdefault(funder, {})
                bucket[currency] = bucket.get(currency, Decimal(0)) + value
        for theme in project.themes.all():
            for currency, value in totals_by_currency(money).items():
                bucket = by_theme.setdefault(theme.label, {})
                bucket[currency] = bucket.get(currency, Decimal(0)) + value
    members = LocalGovernment.objects.filter(memberships__network=network)
    active = (
        Partnership.objects.filter(
            status=Partnership.Status.ACTIVE, participants__local_government__in=members
        )
        .distinct()
        .prefetch_related("participants__local_government__country")
    )
    crossing = 0
    for partnership in active:
        regions = {
            p.local_government.country.ponte_region
            for p in partnership.participants.all()
            if p.local_government
        }
        if {PonteRegion.ASIA_PACIFIC, PonteRegion.LATIN_AMERICA} <= regions:
            crossing += 1
    totals = totals_by_currency(all_money)
    return {
        "by_funder": by_funder,
        "by_theme": by_theme,
        "totals": totals,
        "converted_usd": converted_total(totals, settings.PONTE_EXCHANGE_RATES)
        if settings.PONTE_EXCHANGE_RATES
        else None,
        "active_partnerships": len(active),
        "south_south_share": (crossing / len(active)) if active else 0.0,
        "south_south_percent": round(100 * crossing / len(active)) if active else 0,
    }
