"""Notifications and private conversations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.community import selectors, services
from ponte.core.access import signed_in
from ponte.core.exceptions import ApplicationError
from ponte.core.pagination import paginate
from ponte.core.views import error_page


@signed_in
def notifications(request: HttpRequest) -> HttpResponse:
    try:
        page = paginate(
            selectors.notifications(request.user), page=request.GET.get("page"), per_page=30
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    return render(request, "community/notifications.html", {"page": page})


@signed_in
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(actor=request.user)
    messages.success(request, _("All notifications marked as read."))
    return redirect("community:notifications")


@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's conversations, newest first, with their unread messages."""
    return render(request, "community/inbox.html", {"rows": selectors.inbox(request.user)})


@signed_in
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.conversation(request.user, pk)
    except ApplicationError as exc:
        return error_page(request, exc)
    error: ApplicationError | None = None
    body = ""
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.message_post(actor=request.user, conversation=found, body=body)
        except ApplicationError as exc:
            if not exc.errors:  # not about what was typed: the page says why
                return error_page(request, exc)
            error = exc
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                return redirect("community:conversation", pk=pk)
            body = ""
    services.conversation_read(actor=request.user, conversation=found)
    context = {
        "conversation": found,
        "messages_": found.messages.select_related("author", "local_government", "network"),
        "parties": [*found.local_governments.all(), *found.networks.all()],
        "error": error,
        "body": body,
    }
    # An htmx post gets the thread and its form back, in place; a refused message comes back
    # as 422, which base.html's htmx-config swaps, so the error shows next to the field.
    template = "community/_thread.html" if request.htmx else "community/conversation.html"  # type: ignore[attr-defined]
    status = (422 if request.htmx else error.status) if error else 200  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


@signed_in
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes where the person acts on it."""
    found = get_object_or_404(selectors.notifications(request.user), pk=pk)
    services.mark_read(actor=request.user, ids=[found.pk])
    # Notification links are Ponte's own paths; anything else goes to the list instead.
    if found.url and url_has_allowed_host_and_scheme(
        found.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(found.url)
    return redirect("community:notifications")
