"""Sign-in (and what a locked-out sign-in sees), two-factor sign-in, personal preferences
and API tokens."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.accounts import selectors, services
from ponte.accounts.access import staff_only
from ponte.accounts.forms import ApiTokenForm, PreferencesForm, SignInForm, TwoFactorCodeForm
from ponte.accounts.models import User
from ponte.accounts.permissions import manage_token
from ponte.core.access import Access, public, signed_in
from ponte.core.exceptions import ApplicationError
from ponte.core.limits import rate_limited
from ponte.core.views import error_page, form_errors, submit


class LoginView(auth_views.LoginView):
    ponte_access = Access.PUBLIC
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        """Signed in (or half-way, when a two-factor code comes next): from now on, pages speak
        the language the person saved."""
        user = form.get_user()
        response: HttpResponse
        if services.two_factor_enabled(user):
            # The password was right; the code comes next (two_factor_sign_in).
            self.request.session.cycle_key()
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
            }
            target = reverse("accounts:two-factor-sign-in")
            next_url = self.get_redirect_url()
            response = redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
        else:
            response = super().form_valid(form)
        language = user.preferred_language
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
        {"form": form, "may_use_two_factor": services.may_use_two_factor(user)},
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


# Two-factor sign-in ------------------------------------------------------------------------
# Sign-in is two steps for an account with two-factor on: the password (LoginView, counted by
# django-axes), then the code (two_factor_sign_in). Between them the session holds only who
# passed the first step and when, not a signed-in user.

PENDING = "ponte_two_factor_pending"
PENDING_SECONDS = 300


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending["backend"]) if user else None


@public
@rate_limited("two_factor", methods=("POST",))
def two_factor_sign_in(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the authenticator app, or a backup code."""
    pending = _pending_user(request)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if pending is not None and request.method == "POST" and form.is_valid():
        user, backend = pending
        try:
            device = services.two_factor_check(user=user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            form_errors(form, exc)
            status = exc.status
            response = render(
                request,
                "accounts/two_factor_sign_in.html",
                {"form": form, "pending": True, "next": next_url},
                status=status,
            )
            for header, value in exc.headers.items():
                response[header] = value
            return response
        del request.session[PENDING]
        # django-otp keeps the verified device in the new session (request.user.is_verified()).
        user.otp_device = device  # type: ignore[attr-defined]
        login(request, user, backend=backend)
        return redirect(_safe_next(request, next_url))
    if request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/two_factor_sign_in.html",
        {"form": form, "pending": pending is not None, "next": next_url},
        status=status,
    )


def _qr_svg(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2))


def _secret(device: TOTPDevice) -> str:
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _two_factor_page(
    request: HttpRequest, form: TwoFactorCodeForm, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    waiting = services.totp_device(user, confirmed=False)
    context = {
        "enabled": services.two_factor_enabled(user),
        "codes_left": services.backup_codes_left(user),
        "waiting": waiting,
        "qr": _qr_svg(waiting) if waiting else "",
        "secret": _secret(waiting) if waiting else "",
        "form": form,
    }
    return render(request, "accounts/two_factor.html", context, status=status)


@staff_only
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on or off, and renew backup codes."""
    return _two_factor_page(request, TwoFactorCodeForm())


def _backup_codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    response = render(request, "accounts/two_factor_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


@staff_only
@require_POST
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    try:
        services.two_factor_start(actor=request.user)
    except ApplicationError as exc:
        return error_page(request, exc)
    return redirect("accounts:two-factor")


@staff_only
@require_POST
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST)
    submission = submit(
        request,
        form,
        lambda: services.two_factor_confirm(actor=request.user, code=form.cleaned_data["code"]),
    )
    if submission.done:
        # This session has just proved the code: the admin need not ask for it again.
        person: Any = request.user
        otp_login(request, services.totp_device(person, confirmed=True))
        messages.success(request, _("Two-factor sign-in is on."))
        return _backup_codes_page(request, submission.saved)
    return _with_headers(_two_factor_page(request, form, submission.status), submission.error)


@staff_only
@require_POST
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.two_factor_new_backup_codes(actor=request.user)
    except ApplicationError as exc:
        return error_page(request, exc)
    return _backup_codes_page(request, codes)


@staff_only
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST)
    submission = submit(
        request,
        form,
        lambda: services.two_factor_disable(actor=request.user, code=form.cleaned_data["code"]),
    )
    if submission.done:
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:two-factor")
    return _with_headers(_two_factor_page(request, form, submission.status), submission.error)


def _with_headers(response: HttpResponse, error: ApplicationError | None) -> HttpResponse:
    for header, value in (error.headers if error else {}).items():
        response[header] = value
    return response
