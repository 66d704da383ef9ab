"""Cooperation pages: partnerships and projects, with timelines and a printable project sheet."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ponte.cooperation import selectors
from ponte.cooperation.services import converted_total


def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnership_list().prefetch_related("themes")
    return render(request, "cooperation/partnership_list.html", {"partnerships": partnerships})


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        selectors.partnership_list().prefetch_related("themes", "sdg_targets"), pk=pk
    )
    return render(request, "cooperation/partnership_detail.html", {"partnership": partnership})


def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cooperation/project_list.html", {"projects": selectors.project_list()})


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        selectors.project_list().prefetch_related(
            "transactions", "results__periods", "sdg_targets__goal", "themes", "budgets__currency"
        ),
        pk=pk,
    )
    totals = selectors.budget_totals(project)
    context = {
        "project": project,
        "totals": totals,
        "converted": converted_total(totals, settings.PONTE_EXCHANGE_RATES)
        if settings.PONTE_EXCHANGE_RATES
        else None,
        "timeline": selectors.project_timeline(project),
    }
    return render(request, "cooperation/project_detail.html", context)
