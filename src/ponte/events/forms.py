"""Web forms for events; they validate input, services write. Times are typed on the
organiser's clock (the time zone chosen on the form) and stored in UTC."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ponte.core.collation import in_reader_order
from ponte.directory.fields import SdgTargetCodesField, tag_field
from ponte.directory.models import Hazard, Language, LocalGovernment, Network, Theme
from ponte.events.models import (
    Event,
    FollowUpAction,
    Kind,
    Mode,
    RegistrationMode,
    known_time_zone,
)

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


def _languages(label: Any) -> forms.ModelMultipleChoiceField[Any]:
    return in_reader_order(
        forms.ModelMultipleChoiceField(
            label=label,
            queryset=Language.objects.filter(code__regex=r"^[a-z]{2}$"),
            to_field_name="code",
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
    )


def _places(label: Any) -> forms.ModelMultipleChoiceField[Any]:
    return in_reader_order(
        forms.ModelMultipleChoiceField(
            label=label,
            queryset=LocalGovernment.objects.all(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
    )


class EventForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    language = forms.ChoiceField(label=_("Language of this text"), choices=[])
    timezone = forms.CharField(
        label=_("Organiser's time zone"),
        max_length=64,
        help_text=_("An IANA name such as Asia/Jakarta or America/Sao_Paulo."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts (organiser's time)"), widget=LOCAL, input_formats=["%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (organiser's time)"), widget=LOCAL, input_formats=["%Y-%m-%dT%H:%M"]
    )
    mode = forms.ChoiceField(label=_("Format"), choices=Mode.choices)
    meeting_url = forms.URLField(
        label=_("Meeting link"), required=False, max_length=500, assume_scheme="https"
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=300)
    venue_local_government = in_reader_order(
        forms.ModelChoiceField(
            label=_("Venue city"),
            queryset=LocalGovernment.objects.all(),
            required=False,
            help_text=_("The local government hosting it; its place is shown on a map."),
        )
    )
    local_governments = _places(_("Organising local governments"))
    networks = in_reader_order(
        forms.ModelMultipleChoiceField(
            label=_("Organising networks"),
            queryset=Network.objects.all(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 4}),
        )
    )
    participants = _places(_("Other local governments taking part"))
    languages = _languages(_("Languages spoken"))
    interpretation = _languages(_("Interpretation into"))
    registration = forms.ChoiceField(label=_("Registration"), choices=RegistrationMode.choices)
    capacity = forms.IntegerField(
        label=_("Seats"), required=False, help_text=_("Leave empty for no limit.")
    )
    waiting_list = forms.BooleanField(
        label=_("Waiting list when full"), required=False, initial=True
    )
    questions = forms.CharField(
        label=_("Questions to registrants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line."),
    )
    themes = tag_field(Theme, _("Themes"))
    hazards = tag_field(Hazard, _("Hazards"))
    sdg_targets = SdgTargetCodesField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = Language.objects.filter(code__in=["en", "es", "pt", "id"]).order_by("code")
        others = Language.objects.filter(code__regex=r"^[a-z]{2}$").exclude(
            code__in=["en", "es", "pt", "id"]
        )
        field: Any = self.fields["language"]
        field.choices = [(lang.code, lang.label) for lang in choices] + [
            (lang.code, lang.label) for lang in others.order_by("code")
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone = cleaned.get("timezone", "")
        if zone and not known_time_zone(zone):
            self.add_error(
                "timezone", _("This is not a known time zone (write it like Asia/Jakarta).")
            )
            return cleaned
        if not zone:
            return cleaned
        tz = zoneinfo.ZoneInfo(zone)
        for field in ("starts_at", "ends_at"):
            value = cleaned.get(field)
            if isinstance(value, datetime):
                cleaned[field] = value.replace(tzinfo=None).replace(tzinfo=tz)
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The event must end after it starts."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("version", "local_governments", "networks"):
            data.pop(name, None)
        data["themes"] = [t.slug for t in data.get("themes") or []]
        data["hazards"] = [h.slug for h in data.get("hazards") or []]
        data["languages"] = [lang.code for lang in data.get("languages") or []]
        data["interpretation"] = [lang.code for lang in data.get("interpretation") or []]
        data["participants"] = list(data.get("participants") or [])
        data["questions"] = [
            line.strip() for line in (data.get("questions") or "").splitlines() if line.strip()
        ]
        venue = data.pop("venue_local_government", None)
        if venue is not None:
            data["venue_city"] = venue.city
            data["latitude"], data["longitude"] = venue.latitude, venue.longitude
        else:
            data["venue_city"], data["latitude"], data["longitude"] = None, None, None
        return data

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        zone = event.zone
        venue = (
            LocalGovernment.objects.filter(city=event.venue_city).first()
            if event.venue_city_id
            else None
        )
        return {
            "version": event.version,
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "language": event.language_id,
            "timezone": event.timezone,
            "starts_at": event.starts_at.astimezone(zone).replace(tzinfo=None),
            "ends_at": event.ends_at.astimezone(zone).replace(tzinfo=None),
            "mode": event.mode,
            "meeting_url": event.meeting_url,
            "venue": event.venue,
            "venue_local_government": venue,
            "local_governments": list(event.local_governments.all()),
            "networks": list(event.networks.all()),
            "participants": list(event.participants.all()),
            "languages": list(event.languages.all()),
            "interpretation": list(event.interpretation.all()),
            "registration": event.registration,
            "capacity": event.capacity,
            "waiting_list": event.waiting_list,
            "questions": "\n".join(event.questions),
            "themes": list(event.themes.all()),
            "hazards": list(event.hazards.all()),
            "sdg_targets": [t.code for t in event.sdg_targets.all()],
        }


class OutputsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    recording_url = forms.URLField(
        label=_("Recording"), required=False, max_length=500, assume_scheme="https"
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    learnt = forms.CharField(
        label=_("What we learnt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Its organisers can turn it into a draft practice in the library."),
    )


class PresentationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpAction.Status.choices)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[])
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["language"]
        field.choices = [
            (lang.code, lang.label)
            for lang in Language.objects.filter(code__in=["en", "es", "pt", "id"]).order_by("code")
        ]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Starts (organiser's time)"), widget=LOCAL, input_formats=["%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (organiser's time)"), widget=LOCAL, input_formats=["%Y-%m-%dT%H:%M"]
    )
    speakers = forms.CharField(label=_("Speakers"), required=False, max_length=500)
    local_governments = _places(_("Speaking local governments"))
