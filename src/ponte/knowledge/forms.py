"""Web forms for the knowledge library; they validate input, services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

from ponte.directory.fields import SdgTargetCodesField, language_choices, tag_field
from ponte.directory.models import Hazard, Theme
from ponte.knowledge.models import CostBand, ItemType, Origin


class ItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=ItemType.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    body = forms.CharField(
        label=_("Description"),
        help_text=_(
            "Markdown: ## headings, **bold**, lists, links. "
            "What you did, how, what it cost, what came of it."
        ),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of this text"), required=False)
    themes = tag_field(Theme, _("Themes"))
    hazards = tag_field(Hazard, _("Hazards addressed"))
    sdg_targets = SdgTargetCodesField()
    period_start = forms.IntegerField(
        label=_("From year"), min_value=1900, max_value=2100, required=False
    )
    period_end = forms.IntegerField(
        label=_("To year"), min_value=1900, max_value=2100, required=False
    )
    cost_band = forms.ChoiceField(
        label=_("Cost"), choices=[("", "—"), *CostBand.choices], required=False
    )
    funding_sources = forms.CharField(
        label=_("Funding sources"), help_text=_("Separated by commas"), required=False
    )
    barriers = forms.CharField(
        label=_("Barriers"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    enabling_factors = forms.CharField(
        label=_("Enabling factors"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lessons = forms.CharField(
        label=_("Lessons for a city that wants to do the same"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    contacts = forms.CharField(
        label=_("Contacts"),
        help_text=_("One per line: name, role, email"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    links = forms.CharField(
        label=_("Links"),
        help_text=_("One web address per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean_contacts(self) -> list[dict[str, str]]:
        contacts = []
        for number, line in enumerate(self.cleaned_data["contacts"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            email = parts[-1] if len(parts) > 1 else ""
            try:
                validate_email(email)
            except ValidationError as exc:
                raise ValidationError(
                    _("Line %(number)s: end it with an email address."), params={"number": number}
                ) from exc
            contacts.append({"name": parts[0], "role": ", ".join(parts[1:-1]), "email": email})
        return contacts

    def clean_links(self) -> list[str]:
        validate = URLValidator(schemes=["http", "https"])
        links = []
        for line in self.cleaned_data["links"].splitlines():
            if line.strip():
                try:
                    validate(line.strip())
                except ValidationError as exc:
                    raise ValidationError(
                        _("%(link)s is not a web address (http or https)."),
                        params={"link": line.strip()},
                    ) from exc
                links.append(line.strip())
        return links

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["themes"] = [t.slug for t in data["themes"]]
        data["hazards"] = [h.slug for h in data["hazards"]]
        data["funding_sources"] = [
            s.strip() for s in data["funding_sources"].split(",") if s.strip()
        ]
        if not data["language"]:
            data.pop("language")
        return data

    @classmethod
    def initial_for(cls, item: Any) -> dict[str, Any]:
        return {
            "version": item.version,
            "type": item.type,
            "title": item.title,
            "summary": item.summary,
            "body": item.body,
            "language": item.language_id,
            "themes": list(item.themes.all()),
            "hazards": list(item.hazards.all()),
            "sdg_targets": [t.code for t in item.sdg_targets.all()],
            "period_start": item.period_start,
            "period_end": item.period_end,
            "cost_band": item.cost_band,
            "funding_sources": ", ".join(item.funding_sources),
            "barriers": item.barriers,
            "enabling_factors": item.enabling_factors,
            "lessons": item.lessons,
            "contacts": "\n".join(
                ", ".join(p for p in (c.get("name"), c.get("role"), c.get("email")) if p)
                for c in item.contacts
            ),
            "links": "\n".join(item.links),
        }


class ResultForm(forms.Form):
    """One result of a practice, as the import reads it: its values are checked by the same
    service (knowledge.services.check_results), so the form and the import agree."""

    indicator = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=18, decimal_places=4, required=False
    )
    target = forms.DecimalField(label=_("Target"), max_digits=18, decimal_places=4, required=False)
    achieved = forms.DecimalField(
        label=_("Achieved"), max_digits=18, decimal_places=4, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)

    def row(self) -> dict[str, Any] | None:
        """The result for the service, or None for a row left empty or marked for removal."""
        data = self.cleaned_data
        if not data or data.get("DELETE"):
            return None
        values = {name: data.get(name) for name in RESULT_FIELDS}
        if all(value in (None, "") for value in values.values()):
            return None
        return values


RESULT_FIELDS = ("indicator", "unit", "baseline", "target", "achieved", "year")
ResultFormSet = forms.formset_factory(ResultForm, extra=1, can_delete=True, max_num=50)


def results_formset(data: Any, item: Any = None) -> Any:
    """The results of a practice as rows to edit; None when the post has none (a client that
    does not send them leaves the results as they are)."""
    if data is not None and "results-TOTAL_FORMS" not in data:
        return None
    initial = (
        [{name: getattr(r, name) for name in RESULT_FIELDS} for r in item.results.all()]
        if item is not None
        else []
    )
    return ResultFormSet(data, prefix="results", initial=initial)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    barriers = forms.CharField(
        label=_("Barriers"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    enabling_factors = forms.CharField(
        label=_("Enabling factors"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lessons = forms.CharField(
        label=_("Lessons for a peer city"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    origin = forms.ChoiceField(label=_("Who wrote this version"), choices=Origin.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()[1:]  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, images or office documents, up to 10 MB.")
    )
    as_cover = forms.BooleanField(label=_("Use this image as the cover"), required=False)
