"""Expressing interest in a match."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.exchange.models import Need


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
