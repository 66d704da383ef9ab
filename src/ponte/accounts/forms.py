"""The sign-in forms (site and admin) whose attempts are counted exactly, and preferences."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.accounts import services
from ponte.accounts.models import EmailDelivery, TokenScope
from ponte.core.exceptions import ApplicationError


class CountedSignInMixin:
    """django-axes locks a (username, client) out after too many failures, on every path
    that authenticates; this reserves the attempt first, so that attempts sent at once cannot
    all be checked before the first failure counts (accounts.services.sign_in_attempt)."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or self.request is None:
            return super().clean()  # type: ignore[misc,no-any-return]
        with services.sign_in_attempt(request=self.request, username=username) as allowed:
            if not allowed:
                # AxesMiddleware answers with the lockout page, as for any locked sign-in.
                self.request.axes_locked_out = True
                raise ValidationError(_("Too many failed sign-in attempts."), code="locked")
            return super().clean()  # type: ignore[misc,no-any-return]


class SignInForm(CountedSignInMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's message puts the username field's name into a sentence that some of its
        # catalogues already spell out ("Masukkan nama pengguna %(username)s" reads "nama
        # pengguna nama pengguna" in Indonesian); this one names the field itself.
        "invalid_login": _(
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive."
        ),
    }


class PreferencesForm(forms.Form):
    timezone = forms.ChoiceField(
        label=_("Time zone"), help_text=_("Dates and times are shown in it.")
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    email_delivery = forms.ChoiceField(
        label=_("Notifications by email"),
        choices=EmailDelivery.choices,
        required=False,  # left out (an older form): unchanged
        help_text=_("Notifications are always listed in Ponte; this is what reaches your mailbox."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = sorted(zoneinfo.available_timezones())
        self.fields["timezone"].choices = [(zone, zone) for zone in zones]  # type: ignore[attr-defined]


class ApiTokenForm(forms.Form):
    """A new personal API token: what it is for, what it may do, how long it lasts."""

    EXPIRY_DAYS = ("7", "30", "90", "365", "")

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “reporting script”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read token sees what you see; a write token can also change what you can."),
    )
    expires = forms.ChoiceField(
        label=_("Expires"),
        initial="90",
        choices=[
            ("7", _("In 7 days")),
            ("30", _("In 30 days")),
            ("90", _("In 90 days")),
            ("365", _("In a year")),
            ("", _("Never")),
        ],
        required=False,
    )

    def expires_at(self) -> dt.datetime | None:
        days = self.cleaned_data.get("expires")
        return timezone.now() + dt.timedelta(days=int(days)) if days else None


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class AdminSignInForm(CountedSignInMixin, AdminAuthenticationForm):
    """The admin's sign-in asks for the two-factor code too, for accounts that turned it on."""

    code = forms.CharField(
        label=_("Two-factor code (if you turned it on)"), max_length=32, required=False
    )

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not services.two_factor_enabled(user):
            return
        code = self.cleaned_data.get("code") or ""
        if not code.strip():
            raise ValidationError(
                _("Enter the code from your authenticator app."), code="code_required"
            )
        try:
            # django-otp keeps the verified device in the session on sign-in.
            user.otp_device = services.two_factor_check(user=user, code=code)
        except ApplicationError as exc:
            raise ValidationError(exc.message, code="code_wrong") from exc
