"""Directory pages. Views parse input, call selectors and services, and render."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ponte.accounts.access import staff_only
from ponte.accounts.models import User
from ponte.core.access import public, signed_in
from ponte.core.collation import collated, sorted_by
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.limits import rate_limited
from ponte.core.pagination import paginate
from ponte.core.views import error_page, render_partial_or_page, submit
from ponte.directory import selectors, services
from ponte.directory.forms import (
    AffiliationRequestForm,
    CommitteeMemberForm,
    LocalGovernmentProfileForm,
    MemberForm,
    SignUpForm,
)
from ponte.directory.models import (
    Committee,
    CommitteeMembership,
    Country,
    Hazard,
    LocalGovernment,
    Membership,
    Network,
    PonteRegion,
    Theme,
)
from ponte.directory.permissions import (
    can_edit_local_government,
    can_manage_committee,
    can_manage_network,
)
from ponte.directory.selectors import POPULATION_BANDS
from ponte.directory.slots import committee_panels, network_panels, profile_panels

PER_PAGE = 24


def _filter_options() -> dict[str, object]:
    return {
        "regions": PonteRegion.choices,
        "countries": sorted_by(
            Country.objects.exclude(local_governments=None).distinct(), lambda c: c.label
        ),
        "networks": Network.objects.order_by(collated("name").asc()),
        "population_bands": list(POPULATION_BANDS),
        "hazards": sorted_by(Hazard.objects.all(), lambda h: h.label),
        "themes": sorted_by(Theme.objects.all(), lambda t: t.label),
    }


@public
def directory(request: HttpRequest) -> HttpResponse:
    try:
        filters = selectors.parse_local_government_filters(request.GET.dict())
        page = paginate(
            selectors.local_government_list(filters),
            page=request.GET.get("page"),
            per_page=PER_PAGE,
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode(), **_filter_options()}
    return render_partial_or_page(
        request, page="directory/list.html", partial="directory/_results.html", context=context
    )


@public
def members_map(request: HttpRequest) -> HttpResponse:
    try:
        filters = selectors.parse_local_government_filters(request.GET.dict())
    except ApplicationError as exc:
        return error_page(request, exc)
    markers = selectors.map_markers(filters)
    context = {
        "markers_json": json.dumps(markers, cls=DjangoJSONEncoder),
        "markers": markers,
        "filters": filters,
        "tile_url": settings.PONTE_MAP_TILE_URL,
        "tile_attribution": settings.PONTE_MAP_ATTRIBUTION,
        **_filter_options(),
    }
    return render(request, "directory/map.html", context)


@public
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        lg = selectors.local_government_detail(slug=slug)
    except ApplicationError as exc:
        return error_page(request, exc)
    context = {
        "lg": lg,
        "can_edit": can_edit_local_government(request.user, lg),
        "contacts": selectors.local_government_contacts(actor=request.user, local_government=lg),
        # What other apps hold about this local government (practices, partnerships…).
        "panels": profile_panels.for_page(request, lg),
    }
    return render(request, "directory/profile.html", context)


@signed_in
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    lg = get_object_or_404(LocalGovernment, slug=slug)
    if not can_edit_local_government(request.user, lg):
        return error_page(
            request,
            PermissionDeniedError(_("You may only edit the profile of your own local government.")),
        )
    form = (
        LocalGovernmentProfileForm(request.POST)
        if request.method == "POST"
        else LocalGovernmentProfileForm.for_instance(lg)
    )
    submission = submit(
        request,
        form,
        lambda: services.local_government_update(
            actor=request.user,
            local_government=lg,
            version=form.cleaned_data["version"],
            data=form.service_data(),
        ),
    )
    if submission.done:
        messages.success(request, _("Profile saved."))
        return redirect("directory:profile", slug=lg.slug)
    context = {"lg": lg, "form": form}
    return render(request, "directory/profile_edit.html", context, status=submission.status)


@public
def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/network_list.html", {"networks": selectors.network_list()})


@public
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(selectors.network_list(), slug=slug)
    members = network.memberships.select_related("local_government__country").order_by(
        collated("local_government__name").asc()
    )
    context = {
        "network": network,
        "members": members,
        "committees": selectors.committee_list(network=slug),
        "can_manage": can_manage_network(request.user, network),
        "panels": network_panels.for_page(request, network),
    }
    return render(request, "directory/network_detail.html", context)


@public
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee.objects.select_related("network"), slug=slug)
    can_manage = can_manage_committee(request.user, committee)
    form = None
    if can_manage:
        form = CommitteeMemberForm()
        form.fields["local_government"].queryset = (  # type: ignore[attr-defined]
            LocalGovernment.objects.filter(memberships__network=committee.network).exclude(
                committee_memberships__committee=committee
            )
        )
    context = {
        "committee": committee,
        "seats": committee.memberships.select_related("local_government__country").order_by(
            collated("local_government__name").asc()
        ),
        "can_manage": can_manage,
        "roles": CommitteeMembership.Role.choices,
        "form": form,
        "panels": committee_panels.for_page(request, committee),
    }
    return render(request, "directory/committee_detail.html", context)


@signed_in
@require_POST
def committee_member_add(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee.objects.select_related("network"), slug=slug)
    lg = LocalGovernment.objects.filter(slug=request.POST.get("local_government", "")).first()
    if lg is None:
        return error_page(request, ApplicationError(_("Choose a local government.")))
    try:
        services.committee_member_add(
            actor=request.user,
            committee=committee,
            local_government=lg,
            role=request.POST.get("role", "member"),
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("%(name)s added to the committee.") % {"name": lg.name})
    return redirect("directory:committee", slug=slug)


def _confirm_removal(request: HttpRequest, *, question: str, intro: str, back: str) -> HttpResponse:
    """The page that asks before a removal; its form posts to the same address."""
    context = {"question": question, "intro": intro, "back": back}
    return render(request, "directory/confirm_remove.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def committee_member_remove(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    """GET asks for confirmation; POST removes the local government from the committee."""
    committee = get_object_or_404(Committee.objects.select_related("network"), slug=slug)
    lg = get_object_or_404(LocalGovernment, slug=member)
    if request.method == "GET":
        if not can_manage_committee(request.user, committee):
            return error_page(
                request,
                PermissionDeniedError(_("Only this network's staff manage its committees.")),
            )
        return _confirm_removal(
            request,
            question=_("Remove %(place)s from %(committee)s?")
            % {"place": lg.name, "committee": committee.name},
            intro=_("It will no longer sit on this committee."),
            back=reverse("directory:committee", args=[slug]),
        )
    try:
        services.committee_member_remove(
            actor=request.user, committee=committee, local_government=lg
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("%(name)s removed from the committee.") % {"name": lg.name})
    return redirect("directory:committee", slug=slug)


@signed_in
@require_POST
def committee_member_role(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    committee = get_object_or_404(Committee.objects.select_related("network"), slug=slug)
    lg = get_object_or_404(LocalGovernment, slug=member)
    try:
        seat = services.committee_member_set_role(
            actor=request.user,
            committee=committee,
            local_government=lg,
            role=request.POST.get("role", ""),
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(
        request,
        _("%(name)s is now %(role)s of the committee.")
        % {"name": lg.name, "role": seat.get_role_display()},
    )
    return redirect("directory:committee", slug=slug)


# A network's members, managed by its staff ----------------------------------------------------


def _managed_network(request: HttpRequest, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not can_manage_network(request.user, network):
        raise PermissionDeniedError(_("Only this network's staff manage its members."))
    return network


@signed_in
def network_members(request: HttpRequest, slug: str) -> HttpResponse:
    """The members with their roles, to change or remove, and a form to add one."""
    try:
        network = _managed_network(request, slug)
    except ApplicationError as exc:
        return error_page(request, exc)
    form = MemberForm(request.POST or None)
    form.fields["local_government"].queryset = LocalGovernment.objects.exclude(  # type: ignore[attr-defined]
        memberships__network=network
    )
    submission = submit(
        request,
        form,
        lambda: services.membership_create(
            actor=request.user,
            network=network,
            local_government=form.cleaned_data["local_government"],
            role=form.cleaned_data["role"],
            since=form.cleaned_data["since"],
        ),
    )
    if submission.done:
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": submission.saved.local_government.name},
        )
        return redirect("directory:network-members", slug=slug)
    members = network.memberships.select_related("local_government__country").order_by(
        collated("local_government__name").asc()
    )
    context = {
        "network": network,
        "members": members,
        "roles": Membership.Role.choices,
        "form": form,
    }
    return render(request, "directory/network_members.html", context, status=submission.status)


@signed_in
@require_POST
def network_member_role(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    lg = get_object_or_404(LocalGovernment, slug=member)
    try:
        membership = services.membership_set_role(
            actor=request.user,
            network=network,
            local_government=lg,
            role=request.POST.get("role", ""),
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(
        request,
        _("%(name)s is now %(role)s.") % {"name": lg.name, "role": membership.get_role_display()},
    )
    return redirect("directory:network-members", slug=slug)


@signed_in
@require_http_methods(["GET", "POST"])
def network_member_remove(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    """GET asks for confirmation; POST ends the membership."""
    lg = get_object_or_404(LocalGovernment, slug=member)
    try:
        network = _managed_network(request, slug)
        if request.method == "GET":
            return _confirm_removal(
                request,
                question=_("Remove %(place)s from %(network)s?")
                % {"place": lg.name, "network": network},
                intro=_(
                    "It will no longer be a member, nor sit on the network's committees; its "
                    "focal points are told."
                ),
                back=reverse("directory:network-members", args=[slug]),
            )
        services.membership_remove(actor=request.user, network=network, local_government=lg)
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": lg.name})
    return redirect("directory:network-members", slug=slug)


# Focal points ---------------------------------------------------------------------------------


@public
@rate_limited("sign_up", methods=("POST",))
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            try:
                user = services.user_sign_up(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    requested_local_government=form.cleaned_data["local_government"],
                )
            except ApplicationError as exc:
                for field, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome to Ponte."))
                return redirect("home")
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": SignUpForm()})


@staff_only
def affiliation_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/affiliation_requests.html",
        {"pending": selectors.affiliation_requests(request.user)},
    )


@signed_in
@require_POST
def affiliation_approve(request: HttpRequest, user_id: int) -> HttpResponse:
    candidate = get_object_or_404(User, pk=user_id)
    try:
        services.affiliation_approve(actor=request.user, user=candidate)
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("%(user)s is now a focal point.") % {"user": candidate.username})
    return redirect("accounts:affiliation-requests")


@signed_in
@require_POST
def affiliation_reject(request: HttpRequest, user_id: int) -> HttpResponse:
    candidate = get_object_or_404(User, pk=user_id)
    try:
        services.affiliation_reject(
            actor=request.user, user=candidate, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(
        request,
        _("The request of %(user)s was refused; they are told why.") % {"user": candidate.username},
    )
    return redirect("accounts:affiliation-requests")


@signed_in
def affiliation(request: HttpRequest) -> HttpResponse:
    """A person's affiliation: confirmed, waiting, or to ask for."""
    user: Any = request.user
    form = AffiliationRequestForm(request.POST or None)
    submission = submit(
        request,
        form,
        lambda: services.affiliation_request(
            actor=user, local_government=form.cleaned_data["local_government"]
        ),
    )
    if submission.done:
        messages.success(
            request,
            _("Request sent: staff of its networks will confirm it, and you will be told."),
        )
        return redirect("accounts:affiliation")
    return render(request, "accounts/affiliation.html", {"form": form}, status=submission.status)
