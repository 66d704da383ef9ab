"""Sign-up and a sign-in form that refuses after too many failures."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ponte.accounts import services
from ponte.core.collation import in_reader_order
from ponte.directory.models import LocalGovernment


def client_address(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's message puts the username field's name into a sentence that some of its
        # catalogues already spell out ("Masukkan nama pengguna %(username)s" reads "nama
        # pengguna nama pengguna" in Indonesian); this one names the field itself.
        "invalid_login": _(
            "Please enter a correct username and password. Note that both fields may be "
            "case-sensitive."
        ),
        "locked": _("Too many failed sign-in attempts. Wait 15 minutes, or reset your password."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        client = client_address(self.request)
        if services.login_is_locked(username=username, client=client):
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            services.login_failed(username=username, client=client)
            raise
        services.login_succeeded(username=username, client=client)
        return cleaned


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
    local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("Your local government"),
            help_text=_(
                "Network staff confirm that you work there before you can edit its profile."
            ),
            queryset=LocalGovernment.objects.all(),
            to_field_name="slug",
            required=False,
        )
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password
