"""Sign-up, and the sign-in forms (site and admin) whose attempts are counted exactly."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ponte.accounts import services
from ponte.directory.models import LocalGovernment


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
    pass


class AdminSignInForm(CountedSignInMixin, AdminAuthenticationForm):
    pass


class PreferencesForm(forms.Form):
    timezone = forms.ChoiceField(
        label=_("Time zone"), help_text=_("Dates and times are shown in it.")
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = sorted(zoneinfo.available_timezones())
        self.fields["timezone"].choices = [(zone, zone) for zone in zones]  # type: ignore[attr-defined]


class SignUpForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    local_government = forms.ModelChoiceField(
        label=_("Your local government"),
        help_text=_("Network staff confirm that you work there before you can edit its profile."),
        queryset=LocalGovernment.objects.order_by("name"),
        to_field_name="slug",
        required=False,
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password
