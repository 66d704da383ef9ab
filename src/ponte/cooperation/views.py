"""Cooperation pages: partnerships and projects, with timelines and a printable project sheet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ponte.accounts.permissions import is_admin, member_of, staff_of
from ponte.cooperation import selectors, services
from ponte.cooperation.forms import (
    ActivityForm,
    BudgetForm,
    DocumentForm,
    OrganisationForm,
    PartnershipEditForm,
    PartnershipForm,
    PartnershipNewForm,
    ProgrammeForm,
    ProjectEditForm,
    ProjectForm,
    ProjectNewForm,
    ResultForm,
    ResultPeriodForm,
    TransactionForm,
)
from ponte.cooperation.models import (
    Activity,
    Budget,
    Document,
    Partnership,
    Programme,
    Project,
    ProjectOrganisation,
    ProjectResult,
    ResultPeriod,
    Transaction,
)
from ponte.cooperation.permissions import (
    can_edit_partnership,
    can_edit_programme,
    can_edit_project,
)
from ponte.cooperation.services import converted_total
from ponte.cooperation.slots import partnership_panels, project_panels
from ponte.cooperation.templatetags.cooperation import removal_label
from ponte.core.access import public, signed_in
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.views import error_page, serve_upload, submit
from ponte.directory.models import Network
from ponte.matching.models import Interest
from ponte.matching.permissions import can_see_interest


@public
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnership_list().prefetch_related("themes")
    return render(request, "cooperation/partnership_list.html", {"partnerships": partnerships})


@public
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        selectors.partnership_list()
        .select_related("origin_interest")
        .prefetch_related("themes", "sdg_targets", "projects", "documents"),
        pk=pk,
    )
    can_edit = can_edit_partnership(request.user, partnership)
    context = {
        "partnership": partnership,
        "timeline": selectors.partnership_timeline(partnership),
        "can_edit": can_edit,
        "next_statuses": selectors.next_statuses(partnership) if can_edit else [],
        "panels": partnership_panels.for_page(request, partnership),
    }
    return render(request, "cooperation/partnership_detail.html", context)


@public
def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cooperation/project_list.html", {"projects": selectors.project_list()})


@public
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
    can_edit = can_edit_project(request.user, project)
    context = {
        "project": project,
        "totals": totals,
        "converted": converted_total(totals, settings.PONTE_EXCHANGE_RATES)
        if settings.PONTE_EXCHANGE_RATES
        else None,
        "timeline": selectors.project_timeline(project),
        "can_edit": can_edit,
        "next_statuses": selectors.next_statuses(project) if can_edit else [],
        "panels": project_panels.for_page(request, project),
    }
    return render(request, "cooperation/project_detail.html", context)


def _form_view(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[], Any],
    done: str,
    then: Callable[[Any], str],
    title: str,
    intro: str = "",
    allowed: bool = True,
) -> HttpResponse:
    """The life of every cooperation form: refused (403) unless `allowed`; shown on GET; on a
    valid POST `save()` calls the service, and the user is sent to `then(saved)` with `done`
    as the message. Otherwise the form comes back with its errors: 400 for invalid input, 409
    when someone else saved first, a 403 page if the service refuses the user."""
    if not allowed:
        return error_page(request, PermissionDeniedError(_("Only the participants may do this.")))
    submission = submit(request, form, save)
    if isinstance(submission.error, PermissionDeniedError):
        return error_page(request, submission.error)
    if submission.done:
        messages.success(request, done)
        return redirect(then(submission.saved))
    status = submission.status
    context = {"form": form, "title": title, "intro": intro}
    return render(request, "cooperation/form.html", context, status=status)


def _partnership_url(partnership: Partnership) -> str:
    return reverse("cooperation:partnership", args=[partnership.pk])


def _project_url(project: Project) -> str:
    return reverse("cooperation:project", args=[project.pk])


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0  # no version: treated as stale, the service reports a conflict


@signed_in
def partnership_from_interest(request: HttpRequest, interest_id: int) -> HttpResponse:
    # A match is private to its two parties and their networks' staff: to anyone else it
    # does not exist.
    interest = get_object_or_404(
        can_see_interest.filter(
            request.user,
            Interest.objects.select_related("need", "from_local_government", "to_local_government"),
        ),
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
    parties = [interest.from_local_government.name, interest.recipient_name]
    return _form_view(
        request,
        form,
        save=lambda: services.partnership_from_interest(
            actor=request.user, interest=interest, **form.service_data()
        ),
        done=_("Partnership recorded as proposed."),
        then=_partnership_url,
        title=_("Record a partnership"),
        intro=_("Between %(parties)s, from the match “%(match)s”.")
        % {"parties": " & ".join(parties), "match": interest.candidate_title},
    )


def _may_record(user: Any) -> bool:
    """Someone who could be a party: a focal point, network staff, an administrator."""
    return bool(member_of(user) or staff_of(user) or is_admin(user))


@signed_in
def partnership_create(request: HttpRequest) -> HttpResponse:
    """Record a partnership directly (not from an accepted match)."""
    user: Any = request.user
    initial: dict[str, Any] = {"kind": Partnership.Kind.TECHNICAL_EXCHANGE}
    if member_of(user):
        initial["local_governments"] = [user.local_government]
    form = PartnershipNewForm(request.POST or None, initial=initial)
    return _form_view(
        request,
        form,
        allowed=_may_record(user),
        save=lambda: services.partnership_create(actor=user, **form.service_data()),
        done=_("Partnership recorded as proposed."),
        then=_partnership_url,
        title=_("Record a partnership"),
        intro=_(
            "Name at least two parties; you record it for your local government, or, as "
            "network staff, for your network or its members."
        ),
    )


@signed_in
def project_new(request: HttpRequest) -> HttpResponse:
    """Record a project directly: in a programme, or between local governments."""
    user: Any = request.user
    initial: dict[str, Any] = {}
    if member_of(user):
        initial["local_governments"] = [user.local_government]
    if programme := request.GET.get("programme"):
        initial["programme"] = Programme.objects.filter(slug=programme).first()
    form = ProjectNewForm(request.POST or None, initial=initial)
    return _form_view(
        request,
        form,
        allowed=_may_record(user),
        save=lambda: services.project_create(actor=user, **form.service_data()),
        done=_("Project recorded."),
        then=_project_url,
        title=_("Record a project"),
    )


# Programmes -----------------------------------------------------------------------------------


@public
def programme_list(request: HttpRequest) -> HttpResponse:
    context = {
        "programmes": selectors.programme_list(),
        "can_create": bool(staff_of(request.user) or is_admin(request.user)),
    }
    return render(request, "cooperation/programme_list.html", context)


@public
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(selectors.programme_list(), slug=slug)
    context = {
        "programme": programme,
        "projects": selectors.project_list().filter(programme=programme),
        "can_edit": can_edit_programme(request.user, programme),
    }
    return render(request, "cooperation/programme_detail.html", context)


def _programme_url(programme: Programme) -> str:
    return reverse("cooperation:programme", args=[programme.slug])


@signed_in
def programme_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    admin = is_admin(user)
    form = ProgrammeForm(request.POST or None, choose_lead=admin)

    def save() -> Programme:
        data = form.service_data()
        lead = data.pop("lead_network", None) or Network.objects.get(pk=staff_of(user) or 0)
        return services.programme_create(actor=user, lead_network=lead, **data)

    return _form_view(
        request,
        form,
        allowed=admin or staff_of(user) is not None,
        save=save,
        done=_("Programme recorded."),
        then=_programme_url,
        title=_("New programme"),
        intro=_("Your network leads it; name the networks that co-lead it, if any."),
    )


@signed_in
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme))
    return _form_view(
        request,
        form,
        allowed=can_edit_programme(request.user, programme),
        save=lambda: services.programme_update(
            actor=request.user, programme=programme, **form.service_data()
        ),
        done=_("Changes saved."),
        then=_programme_url,
        title=_("Edit the programme"),
        intro=programme.name,
    )


@signed_in
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    form = PartnershipEditForm(
        request.POST or None, initial=PartnershipEditForm.initial_for(partnership)
    )
    return _form_view(
        request,
        form,
        allowed=can_edit_partnership(request.user, partnership),
        save=lambda: services.partnership_update(
            actor=request.user,
            partnership=partnership,
            version=form.loaded_version(),
            **form.service_data(),
        ),
        done=_("Changes saved."),
        then=_partnership_url,
        title=_("Edit the partnership"),
        intro=partnership.title,
    )


@signed_in
@require_POST
def partnership_status(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    try:
        changed = services.partnership_transition(
            actor=request.user,
            partnership=partnership,
            status=request.POST.get("status", ""),
            version=_version(request),
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(
        request, _("The partnership is now %(status)s.") % {"status": changed.get_status_display()}
    )
    return redirect("cooperation:partnership", pk=pk)


@signed_in
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    form = ProjectForm(
        request.POST or None,
        initial={
            "themes": list(partnership.themes.all()),
            "sdg_targets": [t.code for t in partnership.sdg_targets.all()],
        },
    )
    return _form_view(
        request,
        form,
        allowed=can_edit_partnership(request.user, partnership),
        save=lambda: services.project_create(
            actor=request.user, partnership=partnership, **form.service_data()
        ),
        done=_("Project recorded."),
        then=_project_url,
        title=_("Record a project"),
        intro=partnership.title,
    )


@signed_in
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    form = ProjectEditForm(request.POST or None, initial=ProjectEditForm.initial_for(project))
    return _form_view(
        request,
        form,
        allowed=can_edit_project(request.user, project),
        save=lambda: services.project_update(
            actor=request.user,
            project=project,
            version=form.loaded_version(),
            **form.service_data(),
        ),
        done=_("Changes saved."),
        then=_project_url,
        title=_("Edit the project"),
        intro=project.title,
    )


@signed_in
@require_POST
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    try:
        changed = services.project_transition(
            actor=request.user,
            project=project,
            status=int(request.POST.get("status", "")),
            version=_version(request),
        )
    except ValueError:
        return error_page(request, ApplicationError(_("Unknown status.")))
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(
        request,
        _("The project is now in status %(status)s.") % {"status": changed.get_status_display()},
    )
    return redirect("cooperation:project", pk=pk)


def _project_form(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    service: Callable[..., Any],
    *,
    done: str,
    title: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form that adds something to a project (a result, an activity, money…)."""
    project = get_object_or_404(Project, pk=pk)
    form: Any = form_class(request.POST or None, initial=initial)
    return _form_view(
        request,
        form,
        allowed=can_edit_project(request.user, project),
        save=lambda: service(actor=request.user, project=project, **form.service_data()),
        done=done,
        then=lambda _saved: _project_url(project),
        title=title,
        intro=project.title,
    )


@signed_in
def result_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(
        request,
        pk,
        ResultForm,
        services.result_add,
        done=_("Result recorded."),
        title=_("Record a result"),
    )


@signed_in
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(
        request,
        pk,
        ActivityForm,
        services.activity_add,
        done=_("Activity recorded."),
        title=_("Record an activity"),
    )


@signed_in
def budget_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(
        request,
        pk,
        BudgetForm,
        services.budget_add,
        done=_("Budget added."),
        title=_("Add a budget"),
        initial={"currency": selectors.usual_currency(pk)},
    )


@signed_in
def transaction_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(
        request,
        pk,
        TransactionForm,
        services.transaction_add,
        done=_("Transaction added."),
        title=_("Add a transaction"),
        initial={"currency": selectors.usual_currency(pk)},
    )


@signed_in
def organisation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_form(
        request,
        pk,
        OrganisationForm,
        services.project_organisation_add,
        done=_("Organisation added."),
        title=_("Add a participating organisation"),
    )


@signed_in
def result_period_add(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(ProjectResult.objects.select_related("project"), pk=pk)
    form = ResultPeriodForm(request.POST or None, initial=ResultPeriodForm.initial_for(result))
    return _form_view(
        request,
        form,
        allowed=can_edit_project(request.user, result.project),
        save=lambda: services.result_period_record(
            actor=request.user, result=result, **form.service_data()
        ),
        done=_("Progress recorded."),
        then=lambda _saved: _project_url(result.project),
        title=_("Record progress"),
        intro=f"{result.project.title}: {result.indicator} ({result.unit})",
    )


@signed_in
def document_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    owner: Partnership | Project = (
        get_object_or_404(Partnership, pk=pk)
        if kind == "partnership"
        else get_object_or_404(Project, pk=pk)
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    allowed = (
        can_edit_partnership(request.user, owner)
        if isinstance(owner, Partnership)
        else can_edit_project(request.user, owner)
    )
    return _form_view(
        request,
        form,
        allowed=allowed,
        save=lambda: services.document_add(
            actor=request.user,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            category=form.cleaned_data["category"],
            partnership=owner if isinstance(owner, Partnership) else None,
            project=owner if isinstance(owner, Project) else None,
        ),
        done=_("Document added."),
        then=lambda _saved: reverse(f"cooperation:{kind}", args=[pk]),
        title=_("Add a document"),
        intro=owner.title,
    )


@public
def document(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = get_object_or_404(Document, pk=pk)
    return serve_upload(found.file, name=found.name, content_type=found.content_type)


# Removing a mistaken entry: GET asks, POST removes -----------------------------------------


def _remove_view(
    request: HttpRequest,
    record: Any,
    *,
    allowed: bool,
    remove: Callable[[], None],
    done: str,
    back: str,
    intro: str,
) -> HttpResponse:
    """The life of every Remove button: refused (403) unless `allowed`; GET shows the question
    with Remove and Cancel (it never removes); POST calls the service, and the user goes back
    to the page with `done` as the message, or sees the service's refusal."""
    if not allowed:
        return error_page(request, PermissionDeniedError(_("Only the participants may do this.")))
    if request.method == "POST":
        try:
            remove()
        except ApplicationError as exc:
            return error_page(request, exc)
        messages.success(request, done)
        return redirect(back)
    context = {"question": removal_label(record), "intro": intro, "back": back}
    return render(request, "cooperation/confirm_remove.html", context)


def _project_record_remove(
    request: HttpRequest,
    record: Any,
    service: Callable[..., None],
    argument: str,
    *,
    done: str,
) -> HttpResponse:
    project = record.project
    return _remove_view(
        request,
        record,
        allowed=can_edit_project(request.user, project),
        remove=lambda: service(actor=request.user, **{argument: record}),
        done=done,
        back=_project_url(project),
        intro=project.title,
    )


@signed_in
@require_http_methods(["GET", "POST"])
def budget_remove(request: HttpRequest, project: int, pk: int) -> HttpResponse:
    budget = get_object_or_404(Budget.objects.select_related("project"), pk=pk, project=project)
    return _project_record_remove(
        request, budget, services.budget_remove, "budget", done=_("Budget removed.")
    )


@signed_in
@require_http_methods(["GET", "POST"])
def transaction_remove(request: HttpRequest, project: int, pk: int) -> HttpResponse:
    found = get_object_or_404(Transaction.objects.select_related("project"), pk=pk, project=project)
    return _project_record_remove(
        request,
        found,
        services.transaction_remove,
        "transaction",
        done=_("Transaction removed."),
    )


@signed_in
@require_http_methods(["GET", "POST"])
def activity_remove(request: HttpRequest, project: int, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("project"), pk=pk, project=project)
    return _project_record_remove(
        request, activity, services.activity_remove, "activity", done=_("Activity removed.")
    )


@signed_in
@require_http_methods(["GET", "POST"])
def result_remove(request: HttpRequest, project: int, pk: int) -> HttpResponse:
    result = get_object_or_404(
        ProjectResult.objects.select_related("project"), pk=pk, project=project
    )
    return _project_record_remove(
        request, result, services.result_remove, "result", done=_("Result removed.")
    )


@signed_in
@require_http_methods(["GET", "POST"])
def result_period_remove(request: HttpRequest, project: int, pk: int) -> HttpResponse:
    period = get_object_or_404(
        ResultPeriod.objects.select_related("result__project"), pk=pk, result__project=project
    )
    owner = period.result.project
    return _remove_view(
        request,
        period,
        allowed=can_edit_project(request.user, owner),
        remove=lambda: services.result_period_remove(actor=request.user, period=period),
        done=_("Values removed."),
        back=_project_url(owner),
        intro=owner.title,
    )


@signed_in
@require_http_methods(["GET", "POST"])
def organisation_remove(request: HttpRequest, project: int, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        ProjectOrganisation.objects.select_related("project", "local_government"),
        pk=pk,
        project=project,
    )
    return _project_record_remove(
        request,
        organisation,
        services.project_organisation_remove,
        "organisation",
        done=_("Organisation removed."),
    )


@signed_in
@require_http_methods(["GET", "POST"])
def document_remove(request: HttpRequest, kind: str, owner: int, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Document.objects.select_related("partnership", "project"), pk=pk, **{kind: owner}
    )
    owner_record: Partnership | Project = found.partnership or found.project  # type: ignore[assignment]
    allowed = (
        can_edit_partnership(request.user, owner_record)
        if isinstance(owner_record, Partnership)
        else can_edit_project(request.user, owner_record)
    )
    return _remove_view(
        request,
        found,
        allowed=allowed,
        remove=lambda: services.document_remove(actor=request.user, document=found),
        done=_("Document removed."),
        back=reverse(f"cooperation:{kind}", args=[owner]),
        intro=owner_record.title,
    )
