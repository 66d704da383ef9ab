"""Web forms for the directory. They validate input; services do the writing."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from ponte.core.collation import in_reader_order
from ponte.directory.fields import SdgTargetCodesField, tag_field
from ponte.directory.models import (
    CommitteeMembership,
    Hazard,
    Language,
    LocalGovernment,
    Membership,
    Theme,
)


class LocalGovernmentProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    official_name = forms.CharField(label=_("Official name"), max_length=300, required=False)
    description = forms.CharField(
        label=_("About"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    population = forms.IntegerField(label=_("Population"), min_value=0, required=False)
    coastal = forms.BooleanField(label=_("Coastal"), required=False)
    timezone = forms.ChoiceField(label=_("Time zone"), required=False)
    languages = in_reader_order(
        forms.ModelMultipleChoiceField(
            label=_("Languages spoken"),
            queryset=Language.objects.filter(code__regex=r"^[a-z]{2}$"),
            to_field_name="code",
            required=False,
        )
    )
    hazards = tag_field(Hazard, _("Hazards"))
    themes = tag_field(Theme, _("Priority themes"))
    sdg_targets = SdgTargetCodesField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        zones = sorted(zoneinfo.available_timezones())
        self.fields["timezone"].choices = [("", "—"), *[(zone, zone) for zone in zones]]  # type: ignore[attr-defined]

    @classmethod
    def for_instance(cls, lg: LocalGovernment) -> LocalGovernmentProfileForm:
        return cls(
            initial={
                "version": lg.version,
                "official_name": lg.official_name,
                "description": lg.description,
                "website": lg.website,
                "population": lg.population,
                "coastal": lg.coastal,
                "timezone": lg.timezone,
                "languages": list(lg.languages.all()),
                "hazards": list(lg.hazards.all()),
                "themes": list(lg.themes.all()),
                "sdg_targets": [t.code for t in lg.sdg_targets.all()],
            }
        )

    def service_data(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["languages"] = [lang.code for lang in data["languages"]]
        data["hazards"] = [h.slug for h in data["hazards"]]
        data["themes"] = [t.slug for t in data["themes"]]
        return data


class CommitteeMemberForm(forms.Form):
    local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("Local government"),
            queryset=LocalGovernment.objects.none(),
            to_field_name="slug",
        )
    )
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeMembership.Role.choices)


class MemberForm(forms.Form):
    """A network's staff add a local government to the network."""

    local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("Local government"),
            queryset=LocalGovernment.objects.none(),
            to_field_name="slug",
        )
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    since = forms.IntegerField(
        label=_("Member since"), min_value=1900, max_value=2100, required=False
    )


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


class AffiliationRequestForm(forms.Form):
    local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("Your local government"),
            help_text=_(
                "Network staff confirm that you work there before you can edit its profile."
            ),
            queryset=LocalGovernment.objects.all(),
            to_field_name="slug",
        )
    )
