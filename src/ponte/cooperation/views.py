"""Cooperation pages: partnerships and projects, with timelines and a printable project sheet."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ponte.cooperation import selectors, services
from ponte.cooperation.forms import (
    ActivityForm,
    DocumentForm,
    PartnershipForm,
    ProjectForm,
    ResultForm,
)
from ponte.cooperation.models import Document, Partnership, Project
from ponte.cooperation.services import converted_total
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.views import error_page, form_errors, serve_upload
from ponte.matching.models import Interest


def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnership_list().prefetch_related("themes")
    return render(request, "cooperation/partnership_list.html", {"partnerships": partnerships})


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        selectors.partnership_list().prefetch_related("themes", "sdg_targets"), pk=pk
    )
    context = {
        "partnership": partnership,
        "can_edit": services.can_edit_partnership(request.user, partnership),
    }
    return render(request, "cooperation/partnership_detail.html", context)


def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cooperation/project_list.html", {"projects": selectors.project_list()})


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        selectors.project_list().prefetch_related(
            "transactions",
            "results__periods",
            "sdg_targets__goal",
            "themes",
            "budgets__currency",
            "activities",
            "documents",
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
        "can_edit": services.can_edit_project(request.user, project),
    }
    return render(request, "cooperation/project_detail.html", context)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, intro: str = "", status: int = 200
) -> HttpResponse:
    context = {"form": form, "title": title, "intro": intro}
    return render(request, "cooperation/form.html", context, status=status)


@login_required
def partnership_from_interest(request: HttpRequest, interest_id: int) -> HttpResponse:
    interest = get_object_or_404(
        Interest.objects.select_related("need", "from_local_government", "to_local_government"),
        pk=interest_id,
    )
    need = interest.need
    initial = {
        "title": interest.candidate_title,
        "kind": Partnership.Kind.TECHNICAL_EXCHANGE,
        "description": need.title if need else "",
        "themes": list(need.themes.all()) if need else [],
        "sdg_targets": [t.code for t in need.sdg_targets.all()] if need else [],
    }
    form = PartnershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_from_interest(
                actor=request.user, interest=interest, **form.service_data()
            )
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Partnership recorded as proposed."))
            return redirect("cooperation:partnership", pk=partnership.pk)
    parties = [interest.from_local_government.name, interest.recipient_name]
    return _form_page(
        request,
        form,
        title=_("Record a partnership"),
        intro=_("Between %(parties)s, from the match “%(match)s”.")
        % {"parties": " & ".join(parties), "match": interest.candidate_title},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    if not services.can_edit_partnership(request.user, partnership):
        return error_page(request, PermissionDeniedError(_("Only the partners may do this.")))
    form = ProjectForm(
        request.POST or None,
        initial={
            "themes": list(partnership.themes.all()),
            "sdg_targets": [t.code for t in partnership.sdg_targets.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user, partnership=partnership, **form.service_data()
            )
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Project recorded."))
            return redirect("cooperation:project", pk=project.pk)
    return _form_page(
        request,
        form,
        title=_("Record a project"),
        intro=partnership.title,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def result_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    if not services.can_edit_project(request.user, project):
        return error_page(request, PermissionDeniedError(_("Only the participants may do this.")))
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_add(actor=request.user, project=project, **form.service_data())
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Result recorded."))
            return redirect("cooperation:project", pk=project.pk)
    return _form_page(
        request,
        form,
        title=_("Record a result"),
        intro=project.title,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    if not services.can_edit_project(request.user, project):
        return error_page(request, PermissionDeniedError(_("Only the participants may do this.")))
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_add(actor=request.user, project=project, **form.service_data())
        except ApplicationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("cooperation:project", pk=project.pk)
    return _form_page(
        request,
        form,
        title=_("Record an activity"),
        intro=project.title,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def document_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    owner: Partnership | Project = (
        get_object_or_404(Partnership, pk=pk)
        if kind == "partnership"
        else get_object_or_404(Project, pk=pk)
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
                partnership=owner if isinstance(owner, Partnership) else None,
                project=owner if isinstance(owner, Project) else None,
            )
        except ApplicationError as exc:
            form_errors(form, exc)
            if exc.status == 403:
                return error_page(request, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect(f"cooperation:{kind}", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Add a document"),
        intro=owner.title,
        status=400 if request.method == "POST" else 200,
    )


def document(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = get_object_or_404(Document, pk=pk)
    return serve_upload(found.file, name=found.name, content_type=found.content_type)
