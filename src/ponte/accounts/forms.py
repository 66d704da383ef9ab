"""A sign-in form that refuses after too many failures, and personal preferences."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ponte.accounts import services


def client_address(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
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
