"""Sign-in (and what a locked-out sign-in sees), personal preferences and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.accounts import selectors, services
from ponte.accounts.forms import ApiTokenForm, PreferencesForm, SignInForm
from ponte.accounts.permissions import manage_token
from ponte.core.access import Access, public, signed_in


class LoginView(auth_views.LoginView):
    ponte_access = Access.PUBLIC
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@public
def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What django-axes answers on any sign-in path once a (username, client) is locked out:
    how long to wait, and the way to reset the password meanwhile."""
    seconds = settings.LOGIN_LOCKOUT_SECONDS
    locked = render(
        request,
        "accounts/locked_out.html",
        {"minutes": max(1, -(-seconds // 60))},
        status=429,
    )
    locked["Retry-After"] = str(seconds)
    return locked


@signed_in
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    initial = {
        "timezone": user.timezone or "UTC",
        "preferred_language": user.preferred_language or get_language(),
        "email_delivery": user.email_delivery,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            user=user,
            timezone=form.cleaned_data["timezone"],
            preferred_language=form.cleaned_data["preferred_language"],
            email_delivery=form.cleaned_data["email_delivery"] or None,
        )
        translation.activate(form.cleaned_data["preferred_language"])
        messages.success(request, _("Preferences saved."))
        response = redirect("accounts:preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["preferred_language"], samesite="Lax"
        )
        return response
    return render(
        request,
        "accounts/preferences.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@signed_in
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens, and a form for a new one; its secret is shown once, here."""
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = services.api_token_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        messages.success(
            request,
            _("Token “%(name)s” made. Copy it now: it is not shown again.") % {"name": token.name},
        )
        form = ApiTokenForm()
    response = render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": selectors.api_tokens_of(request.user),
            "now": timezone.now(),
        },
        status=400 if request.method == "POST" and secret is None else 200,
    )
    response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return response


@signed_in
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(manage_token.filter(request.user), pk=token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:api-tokens")
