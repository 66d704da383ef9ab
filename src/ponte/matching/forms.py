"""Expressing interest in a match."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.collation import in_reader_order, sorted_by
from ponte.directory.models import LocalGovernment
from ponte.exchange.models import Need, Offer, PostStatus
from ponte.knowledge.models import Item, ItemType
from ponte.knowledge.models import Status as ItemStatus


class InterestForm(forms.Form):
    candidate_key = forms.CharField(widget=forms.HiddenInput, max_length=120)
    # The need the match answers, if any: an id that is not a need's is a form error.
    need = forms.ModelChoiceField(
        queryset=Need.objects.all(), required=False, widget=forms.HiddenInput
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class BrokerForm(forms.Form):
    """A network's staff propose a match between two of their members: a need (or a local
    government) with a practice, an offer or another local government."""

    need = forms.ModelChoiceField(
        label=_("Need"),
        help_text=_("An open need of a member; leave empty to match two local governments."),
        queryset=Need.objects.none(),
        required=False,
    )
    from_local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("Local government"),
            help_text=_("When there is no need: the local government to match."),
            queryset=LocalGovernment.objects.none(),
            to_field_name="slug",
            required=False,
        )
    )
    to_local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("Match with"),
            help_text=_("Another member; or choose one of its practices or offers below."),
            queryset=LocalGovernment.objects.none(),
            to_field_name="slug",
            required=False,
        )
    )
    practice = forms.ModelChoiceField(
        label=_("Practice"), queryset=Item.objects.none(), to_field_name="slug", required=False
    )
    offer = forms.ModelChoiceField(label=_("Offer"), queryset=Offer.objects.none(), required=False)
    message = forms.CharField(
        label=_("Why this match"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: object, network: int | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        members = LocalGovernment.objects.filter(memberships__network_id=network or 0)
        # Each list offers the network's members' records; a record of anyone else is
        # accepted by the form and refused by the service (403), as any other refusal.
        needs = Need.objects.filter(status=PostStatus.OPEN).select_related("local_government")
        _offer(
            self.fields["need"],
            needs,
            needs.filter(local_government__in=members),
            lambda n: f"{n.local_government.name}: {n.title}",
        )
        for name in ("from_local_government", "to_local_government"):
            _offer(self.fields[name], LocalGovernment.objects.all(), members, lambda lg: lg.name)
        practices = Item.objects.filter(
            type=ItemType.PRACTICE, status=ItemStatus.PUBLISHED, owner__isnull=False
        ).select_related("owner")
        _offer(
            self.fields["practice"],
            practices,
            practices.filter(owner__in=members),
            lambda i: f"{i.owner.name}: {i.title}",
        )
        offers = Offer.objects.filter(status=PostStatus.OPEN).select_related("local_government")
        _offer(
            self.fields["offer"],
            offers,
            offers.filter(network__isnull=True, local_government__in=members),
            lambda o: f"{o.local_government.name}: {o.title}",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("need") and not cleaned.get("from_local_government"):
            self.add_error("need", _("Choose a need or a local government."))
        if cleaned.get("practice") and cleaned.get("offer"):
            self.add_error("offer", _("Choose a practice or an offer, not both."))
        return cleaned


def _offer(field: Any, rows: Any, shown: Any, label: Any) -> None:
    """Validate against `rows`; show only the `shown` ones, in the reader's order."""
    field.queryset = rows
    options = list(shown)
    key = field.to_field_name or "pk"
    field.widget.choices = [("", "---------")] + [
        (getattr(row, key), label(row)) for row in sorted_by(options, label)
    ]
