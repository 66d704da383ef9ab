"""Web forms for cooperation records; they validate input, services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.cooperation.models import (
    Activity,
    Budget,
    Document,
    Partnership,
    Programme,
    Project,
    ProjectOrganisation,
    ProjectResult,
    Transaction,
)
from ponte.core.collation import in_reader_order
from ponte.directory.fields import SdgTargetCodesField, tag_field
from ponte.directory.models import Currency, LocalGovernment, Network, Theme

DATE = forms.DateInput(attrs={"type": "date"})


class _Dated(forms.Form):
    """A form whose (start, end) pairs of dates must be in order."""

    periods: tuple[tuple[str, str], ...] = (("start_date", "end_date"),)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for start_field, end_field in self.periods:
            start, end = cleaned.get(start_field), cleaned.get(end_field)
            if start and end and end < start:
                self.add_error(end_field, _("The end cannot be before the start."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if "themes" in data:
            data["themes"] = [t.slug for t in data["themes"]]
        return data


class _Versioned(forms.Form):
    """An edit form: carries the version the editor loaded, so a concurrent edit conflicts."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def loaded_version(self) -> int:
        return int(self.cleaned_data.get("version") or 0)


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


class PartnershipEditForm(_Versioned, PartnershipForm):
    field_order = ["version"]

    @staticmethod
    def initial_for(partnership: Partnership) -> dict[str, Any]:
        return {
            "version": partnership.version,
            "title": partnership.title,
            "kind": partnership.kind,
            "description": partnership.description,
            "start_date": partnership.start_date,
            "end_date": partnership.end_date,
            "themes": list(partnership.themes.all()),
            "sdg_targets": [t.code for t in partnership.sdg_targets.all()],
        }


class ProjectForm(_Dated):
    periods: tuple[tuple[str, str], ...] = (("planned_start", "planned_end"),)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    funder = forms.CharField(label=_("Funder"), max_length=300, required=False)
    themes = tag_field(Theme, _("Themes"))
    sdg_targets = SdgTargetCodesField()


def _places(label: Any, help_text: Any = "") -> forms.ModelMultipleChoiceField[Any]:
    return in_reader_order(
        forms.ModelMultipleChoiceField(
            label=label,
            help_text=help_text,
            queryset=LocalGovernment.objects.select_related("country"),
            to_field_name="slug",
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )
    )


def _networks(label: Any) -> forms.ModelMultipleChoiceField[Any]:
    return in_reader_order(
        forms.ModelMultipleChoiceField(
            label=label,
            queryset=Network.objects.all(),
            to_field_name="slug",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    )


class PartnershipNewForm(PartnershipForm):
    """A partnership recorded directly, not from a match: its parties are chosen here."""

    local_governments = _places(
        _("Local governments"),
        _("The local governments taking part (hold Ctrl or ⌘ to choose several)."),
    )
    networks = _networks(_("Networks taking part"))
    field_order = ["title", "kind", "local_governments", "networks"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        parties = len(cleaned.get("local_governments") or []) + len(cleaned.get("networks") or [])
        if "local_governments" in cleaned and parties < 2:
            self.add_error("local_governments", _("Choose at least two parties."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["local_governments"] = list(data["local_governments"])
        data["networks"] = list(data["networks"])
        return data


class ProjectNewForm(ProjectForm):
    """A project recorded directly: in a programme, or between local governments."""

    programme = in_reader_order(
        forms.ModelChoiceField(
            label=_("Programme"),
            queryset=Programme.objects.all(),
            to_field_name="slug",
            required=False,
        )
    )
    local_governments = _places(
        _("Local governments"),
        _("Where it happens and who implements it (hold Ctrl or ⌘ to choose several)."),
    )
    field_order = ["title", "programme", "local_governments"]

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["local_governments"] = list(data["local_governments"])
        return data


class ProgrammeForm(forms.Form):
    # Only an administrator chooses: a network's staff record their own network's programmes.
    lead_network = in_reader_order(
        forms.ModelChoiceField(
            label=_("Lead network"), queryset=Network.objects.all(), to_field_name="slug"
        )
    )
    name = forms.CharField(label=_("Name"), max_length=300)
    acronym = forms.CharField(label=_("Acronym"), max_length=60, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    start_year = forms.IntegerField(
        label=_("Start year"), min_value=1900, max_value=2100, required=False
    )
    end_year = forms.IntegerField(
        label=_("End year"), min_value=1900, max_value=2100, required=False
    )
    funders = forms.CharField(
        label=_("Funders"),
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    co_lead_networks = _networks(_("Co-leading networks"))
    themes = tag_field(Theme, _("Themes"))

    def __init__(self, *args: Any, choose_lead: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_lead:
            del self.fields["lead_network"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("A programme cannot end before it starts."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["co_lead_networks"] = list(data["co_lead_networks"])
        data["themes"] = [t.slug for t in data["themes"]]
        return data

    @staticmethod
    def initial_for(programme: Programme) -> dict[str, Any]:
        return {
            "name": programme.name,
            "acronym": programme.acronym,
            "description": programme.description,
            "start_year": programme.start_year,
            "end_year": programme.end_year,
            "funders": "\n".join(programme.funders),
            "co_lead_networks": list(programme.co_lead_networks.all()),
            "themes": list(programme.themes.all()),
        }


class ProjectEditForm(_Versioned, ProjectForm):
    periods = (("planned_start", "planned_end"), ("actual_start", "actual_end"))
    funder = None  # type: ignore[assignment]  # organisations are added one by one
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DATE)
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DATE)
    field_order = [
        "version",
        "title",
        "description",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
    ]

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        return {
            "version": project.version,
            "title": project.title,
            "description": project.description,
            "planned_start": project.planned_start,
            "planned_end": project.planned_end,
            "actual_start": project.actual_start,
            "actual_end": project.actual_end,
            "themes": list(project.themes.all()),
            "sdg_targets": [t.code for t in project.sdg_targets.all()],
        }


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


class ResultPeriodForm(_Dated):
    periods = (("period_start", "period_end"),)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    target = forms.DecimalField(label=_("Target"), required=False)
    actual = forms.DecimalField(label=_("Actual"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("target") is None and cleaned.get("actual") is None:
            self.add_error("actual", _("Give a target, an actual value or both."))
        return cleaned

    @staticmethod
    def initial_for(result: ProjectResult) -> dict[str, Any]:
        """The latest period's dates and target: usually it is its actual value that is due."""
        latest = result.periods.order_by("-period_start").first()
        if latest is None:
            return {}
        return {
            "period_start": latest.period_start,
            "period_end": latest.period_end,
            "target": None if latest.target is None else f"{latest.target.normalize():f}",
        }


def _currency_field() -> forms.CharField:
    return forms.CharField(
        label=_("Currency"),
        min_length=3,
        max_length=3,
        help_text=_("ISO 4217 code, such as USD, EUR, BRL, IDR."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 4}),
    )


def _amount_field() -> forms.DecimalField:
    return forms.DecimalField(label=_("Amount"), min_value=0, max_digits=18, decimal_places=2)


class _Money(_Dated):
    def clean_currency(self) -> str:
        code = str(self.cleaned_data["currency"]).strip().upper()
        if not Currency.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("Unknown currency: use an ISO 4217 code such as USD, EUR, BRL, IDR.")
            )
        return code


class BudgetForm(_Money):
    periods = (("period_start", "period_end"),)
    type = forms.TypedChoiceField(
        label=_("Kind of budget"),
        choices=Budget.Type.choices,
        coerce=int,
        initial=Budget.Type.ORIGINAL,
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    value = _amount_field()
    currency = _currency_field()


class TransactionForm(_Money):
    periods = ()
    type = forms.TypedChoiceField(
        label=_("Kind of transaction"), choices=Transaction.Type.choices, coerce=int
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = _amount_field()
    currency = _currency_field()
    provider = forms.CharField(
        label=_("Provider"),
        max_length=300,
        required=False,
        help_text=_("Who the money comes from."),
    )
    receiver = forms.CharField(
        label=_("Receiver"), max_length=300, required=False, help_text=_("Who it goes to.")
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


# IATI OrganisationType codes offered on the web (the codelist has a few more).
ORGANISATION_TYPES = [
    ("", _("Guess from the organisation")),
    ("10", _("Government")),
    ("15", _("Other public sector")),
    ("21", _("International NGO")),
    ("22", _("National NGO")),
    ("40", _("Multilateral")),
    ("60", _("Foundation")),
    ("70", _("Private sector")),
    ("80", _("Academic, training and research")),
    ("90", _("Other")),
]


class OrganisationForm(forms.Form):
    role = forms.TypedChoiceField(
        label=_("Role in the project"), choices=ProjectOrganisation.Role.choices, coerce=int
    )
    local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("A local government"),
            queryset=LocalGovernment.objects.all(),
            to_field_name="slug",
            required=False,
        )
    )
    network = in_reader_order(
        forms.ModelChoiceField(
            label=_("Or a network"),
            queryset=Network.objects.all(),
            to_field_name="slug",
            required=False,
        )
    )
    name = forms.CharField(
        label=_("Or another organisation"),
        max_length=300,
        required=False,
        help_text=_("Its name, if it is not in Ponte's directory: a funder, an agency, an NGO."),
    )
    type = forms.ChoiceField(
        label=_("Kind of organisation"), choices=ORGANISATION_TYPES, required=False
    )
    ref = forms.CharField(
        label=_("IATI organisation identifier"),
        max_length=100,
        required=False,
        help_text=_("If it has one, such as XM-DAC-41114."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [f for f in ("local_government", "network", "name") if cleaned.get(f)]
        if len(chosen) != 1 and not self.errors:
            self.add_error(
                None,
                _("Choose a local government, a network or an organisation's name: one of them."),
            )
        return cleaned

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


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
