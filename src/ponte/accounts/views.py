"""Sign-up, sign-in and affiliation requests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.accounts import services
from ponte.accounts.forms import PreferencesForm, SignInForm, SignUpForm
from ponte.accounts.models import User
from ponte.accounts.permissions import is_admin
from ponte.core.exceptions import ApplicationError
from ponte.core.limits import rate_limited
from ponte.core.views import error_page


class LoginView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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


@login_required
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


@login_required
def affiliation_requests(request: HttpRequest) -> HttpResponse:
    pending = User.objects.filter(requested_local_government__isnull=False).select_related(
        "requested_local_government__country"
    )
    user = request.user
    if not is_admin(user):
        network_id = getattr(user, "network_id", None)
        if not getattr(user, "is_network_staff", False) or network_id is None:
            pending = pending.none()
        else:
            pending = pending.filter(requested_local_government__memberships__network_id=network_id)
    return render(request, "accounts/affiliation_requests.html", {"pending": pending})


@login_required
@require_POST
def affiliation_approve(request: HttpRequest, user_id: int) -> HttpResponse:
    candidate = get_object_or_404(User, pk=user_id)
    try:
        services.affiliation_approve(actor=request.user, user=candidate)
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("%(user)s is now a focal point.") % {"user": candidate.username})
    return redirect("accounts:affiliation-requests")
