"""Web forms for the exchange; they validate input, services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.collation import in_reader_order, sorted_by
from ponte.directory.fields import SdgTargetCodesField, language_choices, tag_field
from ponte.directory.models import Hazard, LocalGovernment, Theme
from ponte.exchange.models import Format, Offer


class PostForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        help_text=_("Markdown. What you face, what you tried, what help would look like."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )
    language = forms.ChoiceField(label=_("Language of this text"))
    themes = tag_field(Theme, _("Themes"))
    hazards = tag_field(Hazard, _("Hazards"))
    sdg_targets = SdgTargetCodesField()
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = language_choices()[1:]
        self.fields["language"].choices = choices  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["themes"] = [t.slug for t in data["themes"]]
        data["hazards"] = [h.slug for h in data["hazards"]]
        return data

    @staticmethod
    def common_initial(post: Any) -> dict[str, Any]:
        return {
            "version": post.version,
            "title": post.title,
            "description": post.description,
            "language": post.language_id,
            "themes": list(post.themes.all()),
            "hazards": list(post.hazards.all()),
            "sdg_targets": [t.code for t in post.sdg_targets.all()],
            "formats": post.formats,
        }


class NeedForm(PostForm):
    preferred_languages = forms.MultipleChoiceField(
        label=_("Languages you can work in"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    deadline = forms.DateField(
        label=_("Answer wanted by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_languages"].choices = language_choices()[1:5]  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, need: Any) -> dict[str, Any]:
        return {
            **cls.common_initial(need),
            "preferred_languages": [lang.code for lang in need.preferred_languages.all()],
            "deadline": need.deadline,
        }


class OfferForm(PostForm):
    kind = forms.ChoiceField(label=_("What you offer"), choices=Offer.Kind.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages you can offer it in"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    practice = forms.TypedChoiceField(
        label=_("Practice it builds on"), coerce=int, required=False, empty_value=None
    )

    field_order = ["version", "kind"]

    def __init__(self, *args: Any, practices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()[1:5]  # type: ignore[attr-defined]
        self.fields["practice"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (p.pk, p.title) for p in practices or []
        ]

    @classmethod
    def initial_for(cls, offer: Any) -> dict[str, Any]:
        return {
            **cls.common_initial(offer),
            "kind": offer.kind,
            "languages": [lang.code for lang in offer.languages.all()],
            "practice": offer.practice_id,
        }


class SolidarityRequestForm(forms.Form):
    # Shown to network staff only: the member local government the request is for.
    local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("On behalf of"),
            help_text=_("A member local government of your network; its focal points are told."),
            queryset=LocalGovernment.objects.none(),
            to_field_name="slug",
        )
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("What happened and what is needed"), widget=forms.Textarea(attrs={"rows": 5})
    )
    language = forms.ChoiceField(label=_("Language of this text"))
    hazard = in_reader_order(
        forms.ModelChoiceField(
            label=_("Hazard"), queryset=Hazard.objects.all(), to_field_name="slug", required=False
        )
    )
    delivery_place = forms.CharField(label=_("Delivery place"), max_length=300)
    deadline = forms.DateField(
        label=_("Needed by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    items = forms.CharField(
        label=_("Items"),
        help_text=_("One per line: quantity; unit; item. For example: 50000; pieces; masks"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, network: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()[1:]  # type: ignore[attr-defined]
        if network is None:
            del self.fields["local_government"]
        else:
            # Offered: the network's members. Any other is the service's to refuse (403).
            field: Any = self.fields["local_government"]
            field.queryset = LocalGovernment.objects.all()
            members = LocalGovernment.objects.filter(memberships__network_id=network)
            field.widget.choices = [("", "---------")] + [
                (lg.slug, lg.name) for lg in sorted_by(members, lambda lg: lg.name)
            ]

    def clean_items(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Line %(number)s: write quantity; unit; item."), params={"number": number}
                )
            rows.append({"quantity": parts[0], "unit": parts[1], "name": parts[2]})
        return rows

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("items")
        data.pop("local_government", None)
        data["hazard"] = data["hazard"].slug if data["hazard"] else None
        return data


class PledgeForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Item"), coerce=int)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    confirm_over = forms.BooleanField(label=_("Pledge more than is still missing"), required=False)

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, i.name) for i in items]  # type: ignore[attr-defined]
