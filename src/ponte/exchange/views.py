"""Exchange pages: needs and offers (browse, read, write, review), their matches, solidarity
requests with pledges, and the Atom feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.accounts.permissions import affiliation_needed, staff_of
from ponte.core.access import Access, public, signed_in
from ponte.core.collation import sorted_by
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.markdown import render_markdown
from ponte.core.pagination import paginate
from ponte.core.review import Queue, moves_for, review_page, take_move
from ponte.core.views import error_page, form_errors, submit
from ponte.directory.models import PonteRegion, Theme
from ponte.directory.permissions import can_act_for
from ponte.exchange import selectors, services
from ponte.exchange.forms import (
    NeedForm,
    OfferForm,
    PledgeForm,
    SolidarityRequestForm,
)
from ponte.exchange.models import Need, Offer, Pledge, PostStatus, SolidarityRequest
from ponte.exchange.permissions import can_edit_post, can_review_post
from ponte.exchange.slots import need_panels, offer_panels
from ponte.exchange.workflow import WORKFLOW
from ponte.knowledge.models import Item, ItemType
from ponte.knowledge.models import Status as ItemStatus

MODELS: dict[str, Any] = {"need": Need, "offer": Offer}
PER_PAGE = 20


def _list(request: HttpRequest, kind: str) -> HttpResponse:
    model = MODELS[kind]
    try:
        filters = selectors.parse_filters(request.GET.dict())
        page = paginate(
            selectors.post_list(model, request.user, filters),
            page=request.GET.get("page"),
            per_page=PER_PAGE,
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    context = {
        "kind": kind,
        "page": page,
        "filters": filters,
        "themes": Theme.objects.all(),
        "regions": PonteRegion.choices,
        "statuses": PostStatus.choices,
    }
    return render(request, "exchange/list.html", context)


@public
def needs(request: HttpRequest) -> HttpResponse:
    return _list(request, "need")


@public
def offers(request: HttpRequest) -> HttpResponse:
    return _list(request, "offer")


def _detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    try:
        post = selectors.post_detail(MODELS[kind], request.user, pk)
    except ApplicationError as exc:
        return error_page(request, exc)
    user: Any = request.user
    context = {
        "kind": kind,
        "post": post,
        "can_edit": can_edit_post(user, post),
        "can_review": can_review_post(user, post),
        "can_act": post.local_government is not None and can_act_for(user, post.local_government),
        "moves": moves_for(
            WORKFLOW,
            user,
            post,
            url=lambda action: reverse("exchange:transition", args=[kind, pk, action]),
        ),
        # What higher apps show about this post (matching: who could help a need).
        "panels": (need_panels if kind == "need" else offer_panels).for_page(request, post),
    }
    return render(request, "exchange/detail.html", context)


@public
def need(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "need", pk)


@public
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "offer", pk)


def _own_practices(user: Any) -> list[Item]:
    if not user.local_government_id:
        return []
    return sorted_by(
        Item.objects.filter(
            owner_id=user.local_government_id,
            type=ItemType.PRACTICE,
            status=ItemStatus.PUBLISHED,
        ),
        lambda item: item.title,
    )


def _form_for(kind: str, request: HttpRequest, initial: dict[str, Any] | None = None) -> Any:
    data = request.POST or None
    if kind == "need":
        return NeedForm(data, initial=initial)
    return OfferForm(data, initial=initial, practices=_own_practices(request.user))


@signed_in
def create(request: HttpRequest, kind: str) -> HttpResponse:
    user: Any = request.user
    initial = {"language": user.preferred_language or request.LANGUAGE_CODE}
    form = _form_for(kind, request, initial)

    def save() -> Need | Offer:
        if kind == "need":
            if user.local_government is None:
                raise PermissionDeniedError(_("Only members of a local government post needs."))
            return services.need_create(
                actor=user, local_government=user.local_government, data=form.service_data()
            )
        if user.local_government_id:
            provider = services.Provider(local_government=user.local_government)
        elif user.is_network_staff:
            provider = services.Provider(network=user.network)
        else:
            raise PermissionDeniedError(
                _("Only members of a local government and network staff make offers.")
            )
        return services.offer_create(actor=user, provider=provider, data=form.service_data())

    submission = submit(request, form, save)
    if submission.done:
        messages.success(request, _("Draft saved. Submit it for review when it is ready."))
        return redirect(f"exchange:{kind}", pk=submission.saved.pk)
    return render(
        request,
        "exchange/form.html",
        {
            "form": form,
            "kind": kind,
            "post": None,
            "affiliation_needed": affiliation_needed(user, staff_may=kind == "offer"),
        },
        status=submission.status,
    )


@signed_in
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    post = get_object_or_404(MODELS[kind], pk=pk)
    if not can_edit_post(request.user, post):
        return error_page(request, PermissionDeniedError(_("You may not edit this.")))
    initial = (NeedForm if kind == "need" else OfferForm).initial_for(post)
    form = _form_for(kind, request, initial)
    submission = submit(
        request,
        form,
        lambda: services.post_update(
            actor=request.user,
            post=post,
            version=form.cleaned_data["version"] or 0,
            data=form.service_data(),
        ),
    )
    if submission.done:
        messages.success(request, _("Changes saved."))
        return redirect(f"exchange:{kind}", pk=pk)
    return render(
        request,
        "exchange/form.html",
        {"form": form, "kind": kind, "post": post},
        status=submission.status,
    )


@signed_in
@require_POST
def transition(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    post = get_object_or_404(MODELS[kind], pk=pk)
    return take_move(
        request,
        workflow=WORKFLOW,
        action=action,
        take=lambda comment: services.post_transition(
            actor=request.user, post=post, action=action, comment=comment
        ),
        record_url=reverse(f"exchange:{kind}", args=[pk]),
        queue_url=reverse("exchange:review"),
    )


@signed_in
def review(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.is_network_staff or user.is_platform_admin):
        return error_page(request, PermissionDeniedError(_("Only network staff review.")))
    queues = [
        Queue(selectors.review_queue(Need, user), "exchange/_review_need.html", _("Needs")),
        Queue(selectors.review_queue(Offer, user), "exchange/_review_offer.html", _("Offers")),
    ]
    return review_page(request, title=_("Needs and offers to review"), queues=queues)


# Solidarity ----------------------------------------------------------------------------------


@public
def solidarity(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or SolidarityRequest.Status.OPEN
    if status not in {*SolidarityRequest.Status.values, "all"}:
        return error_page(request, ApplicationError(_("Unknown status.")))
    context = {"requests": selectors.solidarity_requests(status=status), "status": status}
    return render(request, "exchange/solidarity_list.html", context)


@public
def solidarity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.solidarity_detail(pk)
    except ApplicationError as exc:
        return error_page(request, exc)
    return _solidarity_page(request, found, PledgeForm(items=list(found.items.all())))


def _solidarity_page(
    request: HttpRequest, found: SolidarityRequest, form: PledgeForm, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    lg = found.local_government
    context = {
        "request_": found,
        "form": form,
        "can_pledge": found.status == SolidarityRequest.Status.OPEN
        and user.is_authenticated
        and user.local_government_id not in (None, lg.pk)
        and can_act_for(user, user.local_government),
        "is_requester": can_act_for(user, lg),
        "my_lg": user.local_government_id if user.is_authenticated else None,
    }
    return render(request, "exchange/solidarity_detail.html", context, status=status)


@signed_in
def solidarity_create(request: HttpRequest) -> HttpResponse:
    """A local government's focal point asks for help; a network's staff may ask on behalf of
    one of its members."""
    user: Any = request.user
    network = staff_of(user)
    form = SolidarityRequestForm(
        request.POST or None,
        initial={"language": user.preferred_language or request.LANGUAGE_CODE},
        network=network,
    )

    def save() -> SolidarityRequest:
        place = form.cleaned_data["local_government"] if network else user.local_government
        if place is None:
            raise PermissionDeniedError(_("Only members of a local government ask for help."))
        return services.solidarity_request_create(
            actor=user,
            local_government=place,
            data=form.service_data(),
            items=form.cleaned_data["items"],
        )

    # A refusal keeps its own status (403), not the 400 of a form to correct.
    submission = submit(request, form, save)
    if submission.done:
        messages.success(request, _("Your request is open. Member cities can pledge now."))
        return redirect("exchange:solidarity-detail", pk=submission.saved.pk)
    return render(
        request,
        "exchange/solidarity_form.html",
        {
            "form": form,
            "on_behalf": network is not None,
            # Network staff may ask on behalf of a member; anyone else needs their own city.
            "affiliation_needed": affiliation_needed(user),
        },
        status=submission.status,
    )


@signed_in
@require_POST
def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.solidarity_detail(pk)
    items = {i.pk: i for i in found.items.all()}
    form = PledgeForm(request.POST, items=list(items.values()))
    user: Any = request.user
    if form.is_valid():
        try:
            if user.local_government is None:
                raise PermissionDeniedError(_("Only members of a local government pledge."))
            services.pledge_create(
                actor=user,
                item=items[form.cleaned_data["item"]],
                local_government=user.local_government,
                quantity=form.cleaned_data["quantity"],
                note=form.cleaned_data["note"],
                confirm_over=form.cleaned_data["confirm_over"],
            )
        except services.OverPledgeError as exc:
            form_errors(form, exc)
            form.over_warning = True  # type: ignore[attr-defined]
        except ApplicationError as exc:
            if not exc.errors:
                # Not about a field: the pledge form is not even shown to those refused
                # (the requester, network staff), so the reason gets a page of its own.
                return error_page(request, exc)
            form_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your pledge is recorded."))
            return redirect("exchange:solidarity-detail", pk=pk)
    return _solidarity_page(request, selectors.solidarity_detail(pk), form, status=400)


@signed_in
@require_POST
def pledge_advance(request: HttpRequest, pk: int, pledge_id: int) -> HttpResponse:
    found = get_object_or_404(Pledge, pk=pledge_id, item__request_id=pk)
    try:
        services.pledge_advance(actor=request.user, pledge=found, status=request.POST["status"])
    except (ApplicationError, KeyError) as exc:
        return error_page(
            request, exc if isinstance(exc, ApplicationError) else ApplicationError(_("Bad form."))
        )
    messages.success(request, _("Pledge updated."))
    return redirect("exchange:solidarity-detail", pk=pk)


@signed_in
@require_POST
def solidarity_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(SolidarityRequest, pk=pk)
    try:
        services.solidarity_request_close(
            actor=request.user, request=found, fulfilled=request.POST.get("fulfilled") == "1"
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("Request closed."))
    return redirect("exchange:solidarity-detail", pk=pk)


# Feed -----------------------------------------------------------------------------------------


class ExchangeFeed(Feed[Any, Any]):
    ponte_access = Access.PUBLIC
    feed_type = Atom1Feed
    link = "/exchange/needs/"

    def title(self) -> str:
        return _("Ponte: open needs and offers")

    def subtitle(self) -> str:
        return _("What local governments ask for and offer, newest first.")

    def items(self) -> list[Need | Offer]:
        posts: list[Need | Offer] = [
            *Need.objects.filter(status=PostStatus.OPEN).select_related("local_government")[:50],
            *Offer.objects.filter(status=PostStatus.OPEN).select_related(
                "local_government", "network"
            )[:50],
        ]
        return sorted(posts, key=lambda p: p.opened_at or p.created_at, reverse=True)[:50]

    def item_title(self, item: Need | Offer) -> str:
        prefix = _("Need") if isinstance(item, Need) else _("Offer")
        return f"{prefix}: {item.title}"

    def item_description(self, item: Need | Offer) -> str:
        return render_markdown(item.description)

    def item_link(self, item: Need | Offer) -> str:
        kind = "need" if isinstance(item, Need) else "offer"
        return reverse(f"exchange:{kind}", args=[item.pk])

    def item_pubdate(self, item: Need | Offer) -> Any:
        return item.opened_at or item.created_at

    def item_author_name(self, item: Need | Offer) -> str:
        return item.provider_name if isinstance(item, Offer) else str(item.local_government)
