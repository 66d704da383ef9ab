"""API schemas for events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from ponte.core.schemas import one_of
from ponte.events.models import Kind, Mode, Registration, RegistrationMode, Status


class EventOut(Schema):
    id: int
    slug: str
    kind: str = Field(..., json_schema_extra=one_of(*Kind.values))
    status: str = Field(..., json_schema_extra=one_of(*Status.values))
    title: str
    language: str = Field(..., description="ISO 639-1 code of the original text.")
    starts_at: datetime = Field(..., description="In UTC.")
    ends_at: datetime = Field(..., description="In UTC.")
    timezone: str = Field(..., description="The organiser's IANA time zone.")
    mode: str = Field(..., json_schema_extra=one_of(*Mode.values))
    registration: str = Field(..., json_schema_extra=one_of(*RegistrationMode.values))
    capacity: int | None
    organisers: list[str] = Field(..., description="Slugs of local governments and networks.")
    themes: list[str]
    languages: list[str]
    url: str
    ics_url: str = Field(..., description="The event as an iCalendar file.")
    is_demo: bool

    @staticmethod
    def resolve_language(obj: Any) -> str:
        return str(obj.language_id)

    @staticmethod
    def resolve_organisers(obj: Any) -> list[str]:
        return [lg.slug for lg in obj.local_governments.all()] + [
            n.slug for n in obj.networks.all()
        ]

    @staticmethod
    def resolve_themes(obj: Any) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_languages(obj: Any) -> list[str]:
        return [lang.code for lang in obj.languages.all()]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("events:detail", args=[obj.slug])

    @staticmethod
    def resolve_ics_url(obj: Any) -> str:
        return reverse("events:ics", args=[obj.slug])


class VersionOut(Schema):
    language: str
    title: str
    description: str


class AgendaItemOut(Schema):
    starts_at: datetime
    ends_at: datetime
    title: str
    speakers: str


class EventDetailOut(EventOut):
    description: str
    venue: str
    venue_city: str | None
    latitude: float | None
    longitude: float | None
    meeting_url: str | None = Field(
        None, description="Given only to people registered for the event and its organisers."
    )
    interpretation: list[str]
    participants: list[str]
    versions: list[VersionOut]
    agenda: list[AgendaItemOut]
    recording_url: str
    confirmed: int
    waiting: int
    version: int = Field(..., description="Edit count; also the response's ETag.")

    @staticmethod
    def resolve_venue_city(obj: Any) -> str | None:
        return obj.venue_city.name if obj.venue_city_id else None

    @staticmethod
    def resolve_meeting_url(obj: Any) -> str | None:
        return obj.meeting_url if getattr(obj, "show_link", False) else None

    @staticmethod
    def resolve_interpretation(obj: Any) -> list[str]:
        return [lang.code for lang in obj.interpretation.all()]

    @staticmethod
    def resolve_participants(obj: Any) -> list[str]:
        return [lg.slug for lg in obj.participants.all()]

    @staticmethod
    def resolve_versions(obj: Any) -> list[dict[str, str]]:
        return [
            {"language": v.language_id, "title": v.title, "description": v.description}
            for v in obj.translations.all()
        ]

    @staticmethod
    def resolve_agenda(obj: Any) -> list[Any]:
        return list(obj.agenda.all())

    @staticmethod
    def resolve_confirmed(obj: Any) -> int:
        return int(obj.registrations.filter(status=Registration.Status.CONFIRMED).count())

    @staticmethod
    def resolve_waiting(obj: Any) -> int:
        return int(obj.registrations.filter(status=Registration.Status.WAITING).count())


ORGANISERS = "Slugs; by default your own local government (focal points) or network (staff)."


class EventIn(Schema):
    """A new event, saved as a draft: publish it when it is ready. Links to a need,
    partnership, project or programme are set on the web, where their choices are shown."""

    kind: str = Field(..., json_schema_extra=one_of(*Kind.values))
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    language: str = Field("en", description="ISO 639-1 code of the text.")
    starts_at: datetime = Field(..., description="With its UTC offset.")
    ends_at: datetime
    timezone: str = Field(..., description="The organiser's IANA time zone, e.g. Asia/Jakarta.")
    mode: str = Field("online", json_schema_extra=one_of(*Mode.values))
    meeting_url: str = Field("", max_length=500)
    venue: str = Field("", max_length=300)
    registration: str = Field("open", json_schema_extra=one_of(*RegistrationMode.values))
    capacity: int | None = Field(None, ge=0, le=1000000)
    waiting_list: bool = True
    registration_closes_at: datetime | None = None
    questions: list[str] = Field([], description="Asked of each person who registers.")
    themes: list[str] = Field([], description="Theme slugs.")
    languages: list[str] = Field([], description="ISO 639-1 codes spoken.")
    interpretation: list[str] = Field([], description="ISO 639-1 codes interpreted into.")
    local_governments: list[str] | None = Field(None, description=ORGANISERS)
    networks: list[str] | None = Field(None, description=ORGANISERS)


class EventPatch(Schema):
    """Changes to an event. Say which version you changed: the ETag you read in If-Match, or
    `version` (the one you read)."""

    version: int | None = None
    kind: str | None = Field(None, json_schema_extra=one_of(*Kind.values))
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    language: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    timezone: str | None = None
    mode: str | None = Field(None, json_schema_extra=one_of(*Mode.values))
    meeting_url: str | None = Field(None, max_length=500)
    venue: str | None = Field(None, max_length=300)
    registration: str | None = Field(None, json_schema_extra=one_of(*RegistrationMode.values))
    capacity: int | None = Field(None, ge=0, le=1000000)
    waiting_list: bool | None = None
    registration_closes_at: datetime | None = None
    questions: list[str] | None = None
    themes: list[str] | None = None
    languages: list[str] | None = None
    interpretation: list[str] | None = None


class CancelIn(Schema):
    reason: str = Field("", max_length=300, description="Told to everyone registered.")


class RegistrationIn(Schema):
    answers: list[str] = Field([], description="Answers to the event's questions, in order.")


class EventPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[EventOut]


class RegistrationOut(Schema):
    event: EventOut
    status: str = Field(..., json_schema_extra=one_of(*Registration.Status.values))
    registered_at: datetime

    @staticmethod
    def resolve_registered_at(obj: Any) -> datetime:
        return obj.queued_at  # type: ignore[no-any-return]
