"""Acting on matches: express interest, answer, see peers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.accounts.permissions import is_admin, member_of, staff_of
from ponte.core.access import public, signed_in
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.views import error_page, submit
from ponte.directory.models import FocalPoint, LocalGovernment, Network
from ponte.directory.permissions import can_act_for
from ponte.exchange.models import Need, PostStatus
from ponte.exchange.selectors import post_detail
from ponte.matching import selectors, services
from ponte.matching.forms import BrokerForm, InterestForm
from ponte.matching.models import Interest
from ponte.matching.slots import interest_actions


@signed_in
@require_POST
def express(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = InterestForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(
                _("Choose a match."),
                errors={name: [str(e) for e in errors] for name, errors in form.errors.items()},
            )
        if user.local_government is None:
            raise PermissionDeniedError(_("Only members of a local government express interest."))
        interest = services.interest_express(
            actor=user,
            local_government=user.local_government,
            need=form.cleaned_data["need"],
            candidate_key=form.cleaned_data["candidate_key"],
            message=form.cleaned_data["message"],
        )
    except ApplicationError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request, "matching/_interest_sent.html", {"error": exc}, status=exc.status
            )
        return error_page(request, exc)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "matching/_interest_sent.html", {"interest": interest})
    messages.success(
        request,
        _("Interest sent to %(place)s. You will be told when they answer.")
        % {"place": interest.recipient_name},
    )
    return redirect("matching:interests")


@signed_in
def interests(request: HttpRequest) -> HttpResponse:
    """Interests to answer (for a local government's focal points, or a network's staff for
    its offers) and interests sent."""
    user: Any = request.user
    found = selectors.interests_for(user)
    accepted = [
        i for group in found.values() for i in group if i.status == Interest.Status.ACCEPTED
    ]
    for interest in accepted:
        interest.actions = [
            link for action in interest_actions if (link := action(request, interest))
        ]
    contacts = {
        lg_id: list(FocalPoint.objects.filter(local_government_id=lg_id))
        for i in accepted
        for lg_id in (i.from_local_government_id, i.to_local_government_id)
        if lg_id and lg_id != user.local_government_id
    }
    context = {
        "received": found["received"],
        "sent": found["sent"],
        "brokered": found["brokered"],
        "contacts": contacts,
        # Someone with neither a confirmed local government nor a network is told why the
        # page is empty, and what to do.
        "unaffiliated": member_of(user) is None and staff_of(user) is None and not is_admin(user),
    }
    return render(request, "matching/interests.html", context)


@signed_in
def broker(request: HttpRequest) -> HttpResponse:
    """A network's staff propose a match between two of their members."""
    user: Any = request.user
    network_id = staff_of(user)
    if network_id is None:
        return error_page(
            request, PermissionDeniedError(_("Only a network's staff propose matches."))
        )
    network = Network.objects.get(pk=network_id)
    form = BrokerForm(request.POST or None, network=network_id)
    submission = submit(
        request,
        form,
        lambda: services.interest_broker(
            actor=user,
            network=network,
            need=form.cleaned_data["need"],
            from_local_government=form.cleaned_data["from_local_government"],
            to_local_government=form.cleaned_data["to_local_government"],
            candidate=form.cleaned_data["practice"] or form.cleaned_data["offer"],
            message=form.cleaned_data["message"],
        ),
    )
    if submission.done:
        messages.success(
            request, _("Match proposed: both local governments are told and will answer.")
        )
        return redirect("matching:interests")
    return render(
        request,
        "matching/broker.html",
        {"form": form, "network": network},
        status=submission.status,
    )


@signed_in
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    interest = get_object_or_404(Interest, pk=pk)
    try:
        if decision == "withdraw":
            services.interest_withdraw(actor=request.user, interest=interest)
        else:
            services.interest_decide(
                actor=request.user,
                interest=interest,
                accept=decision == "accept",
                note=request.POST.get("note", ""),
            )
    except ApplicationError as exc:
        return error_page(request, exc)
    done = {
        "accept": _("Accepted. You can now see each other's contacts and talk privately."),
        "decline": _("Declined. Thank you for answering."),
        "withdraw": _("Withdrawn."),
    }
    messages.success(request, done[decision])
    return redirect("matching:interests")


@public
def peers(request: HttpRequest, slug: str) -> HttpResponse:
    lg = get_object_or_404(LocalGovernment, slug=slug)
    found = selectors.peers_for(lg)
    user: Any = request.user
    # A member acts on the peers of their own local government.
    can_act = bool(user.is_authenticated and user.local_government_id == lg.pk)
    context = {
        "lg": lg,
        "peers": found["peers"],
        "learners": found["learners"],
        "can_act": can_act,
        # What was already sent shows as its status, not as a button to send it again.
        "sent": selectors.peer_interests_sent(lg.pk) if can_act else {},
    }
    return render(request, "matching/peers.html", context)


@public
def matches(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx fragment: the need's matches with reasons (computed after the page shows)."""
    try:
        post = post_detail(Need, request.user, pk)
    except ApplicationError as exc:
        return error_page(request, exc)
    found = selectors.need_matches(post)
    context = {
        "need": post,
        "groups": [
            ("local_government", _("Local governments that could help"), found["local_government"]),
            ("practice", _("Practices"), found["practice"]),
            ("offer", _("Offers"), found["offer"]),
        ],
        "can_act": post.status == PostStatus.OPEN
        and can_act_for(request.user, post.local_government),
        "sent": selectors.sent_keys(post),
        "interest_form": InterestForm(),
    }
    return render(request, "matching/_need_matches.html", context)
