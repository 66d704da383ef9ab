"""Sign-in (and what a locked-out sign-in sees), and personal preferences."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ponte.accounts import services
from ponte.accounts.forms import PreferencesForm, SignInForm
from ponte.core.access import Access, public, signed_in


class LoginView(auth_views.LoginView):
    ponte_access = Access.PUBLIC
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        """Signed in: from now on, pages speak the language the person saved."""
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


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
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=user, **form.cleaned_data)
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
