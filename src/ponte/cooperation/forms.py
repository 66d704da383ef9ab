"""Web forms for cooperation records; they validate input, services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.cooperation.models import Activity, Document, Partnership
from ponte.directory.fields import SdgTargetCodesField, tag_field
from ponte.directory.models import Theme

DATE = forms.DateInput(attrs={"type": "date"})


class _Dated(forms.Form):
    start_field, end_field = "start_date", "end_date"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get(self.start_field), cleaned.get(self.end_field)
        if start and end and end < start:
            self.add_error(self.end_field, _("The end cannot be before the start."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["themes"] = [t.slug for t in data["themes"]]
        return data


class PartnershipForm(_Dated):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partnership.Kind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End"), required=False, widget=DATE)
    themes = tag_field(Theme, _("Themes"))
    sdg_targets = SdgTargetCodesField()


class ProjectForm(_Dated):
    start_field, end_field = "planned_start", "planned_end"
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    funder = forms.CharField(label=_("Funder"), max_length=300, required=False)
    themes = tag_field(Theme, _("Themes"))
    sdg_targets = SdgTargetCodesField()


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Result"), max_length=300)
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(
        label=_("Unit"), max_length=60, help_text=_("people, %, tonnes, households…")
    )
    baseline_value = forms.DecimalField(label=_("Baseline"), required=False)
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=1900, max_value=2100, required=False
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    target = forms.DecimalField(label=_("Target"), required=False)
    actual = forms.DecimalField(label=_("Actual"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end cannot be before the start."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        period = {k: data.pop(k) for k in ("period_start", "period_end", "target", "actual")}
        return {**data, "periods": [period]}


class ActivityForm(_Dated):
    title = forms.CharField(label=_("Activity"), max_length=300)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    category = forms.ChoiceField(label=_("Kind of document"), choices=Document.Category.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, images or office documents, up to 10 MB.")
    )
