"""Events: webinars, peer-learning sessions, study visits, trainings, committee meetings and
side-events, organised by local governments and networks, with registration and outputs.

Times are stored in UTC (`starts_at`, `ends_at`) with the organiser's IANA time zone, which
the pages and calendars use to show the organiser's own clock beside the reader's."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Language versions are marked as the library marks its own: written by a person or by a machine.
from ponte.knowledge.models import Origin


def known_time_zone(name: str) -> bool:
    """Is `name` an IANA time zone this server knows (Asia/Jakarta, America/Sao_Paulo…)?"""
    if not name or name != name.strip() or ".." in name or name.startswith("/"):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def validate_time_zone(name: str) -> None:
    if not known_time_zone(name):
        raise ValidationError(
            _("“%(zone)s” is not a known time zone (write it like Asia/Jakarta)."),
            params={"zone": name},
        )


class Kind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    PEER_LEARNING = "peer-learning", _("Peer-learning session")
    STUDY_VISIT = "study-visit", _("Study or exchange visit")
    TRAINING = "training", _("Training session")
    COMMITTEE_MEETING = "committee-meeting", _("Committee meeting")
    SIDE_EVENT = "side-event", _("Conference side-event")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in-person", _("In person")
    HYBRID = "hybrid", _("In person and online")


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open to anyone signed in")
    INVITATION = "invitation", _("By invitation")
    CLOSED = "closed", _("Closed")


class Event(models.Model):
    """One event. Its text in the original language lives here; versions in other languages
    are `EventTranslation`s (as the library's items)."""

    slug = models.SlugField(_("slug"), unique=True, max_length=140)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (Markdown)"), max_length=20000, blank=True)
    language = models.ForeignKey(
        "directory.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("original language"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(
        _("organiser's time zone"), max_length=64, validators=[validate_time_zone]
    )
    mode = models.CharField(_("format"), max_length=20, choices=Mode.choices, default=Mode.ONLINE)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    venue_city = models.ForeignKey(
        "directory.City",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("venue city"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    languages = models.ManyToManyField(
        "directory.Language", blank=True, related_name="+", verbose_name=_("languages spoken")
    )
    interpretation = models.ManyToManyField(
        "directory.Language",
        blank=True,
        related_name="+",
        verbose_name=_("interpretation into"),
    )
    registration = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OPEN,
    )
    capacity = models.IntegerField(
        _("seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty for no limit. Past it, people join the waiting list."),
    )
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    questions = models.JSONField(_("questions to registrants"), default=list, blank=True)
    # Organisers: local governments and/or networks (a co-organised exchange is one event).
    local_governments = models.ManyToManyField(
        "directory.LocalGovernment",
        blank=True,
        related_name="organised_events",
        verbose_name=_("organising local governments"),
    )
    networks = models.ManyToManyField(
        "directory.Network",
        blank=True,
        related_name="organised_events",
        verbose_name=_("organising networks"),
    )
    # Other local governments taking part (their local time is shown beside the organiser's).
    participants = models.ManyToManyField(
        "directory.LocalGovernment",
        blank=True,
        related_name="events_taken_part_in",
        verbose_name=_("participating local governments"),
    )
    themes = models.ManyToManyField("directory.Theme", blank=True, related_name="events")
    sdg_targets = models.ManyToManyField("directory.SdgTarget", blank=True, related_name="events")
    hazards = models.ManyToManyField("directory.Hazard", blank=True, related_name="events")
    # Where it came from and what it belongs to.
    need = models.ForeignKey(
        "exchange.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    interest = models.ForeignKey(
        "matching.Interest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("accepted match"),
    )
    partnership = models.ForeignKey(
        "cooperation.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    project = models.ForeignKey(
        "cooperation.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    programme = models.ForeignKey(
        "cooperation.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    committee = models.ForeignKey(
        "directory.Committee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    # After the event.
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    minutes = models.TextField(_("minutes (Markdown)"), max_length=50000, blank=True)
    learnt = models.TextField(_("what we learnt"), max_length=20000, blank=True)
    practice = models.ForeignKey(
        "knowledge.Item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("practice drafted from it"),
    )
    # iCalendar SEQUENCE: bumped on every change people should see in their calendar.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=0),
                name="event_capacity_is_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = [str(_("The event must end after it starts."))]
        if (
            self.mode in (Mode.ONLINE, Mode.HYBRID)
            and not self.meeting_url
            and self.status == (Status.PUBLISHED)
        ):
            errors["meeting_url"] = [str(_("An online event needs its meeting link."))]
        if self.mode in (Mode.IN_PERSON, Mode.HYBRID) and not (self.venue or self.venue_city_id):
            errors["venue"] = [str(_("Say where the event takes place."))]
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = [str(_("Give both latitude and longitude, or neither."))]
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def is_online(self) -> bool:
        return self.mode in (Mode.ONLINE, Mode.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.mode in (Mode.IN_PERSON, Mode.HYBRID)

    def version_for(self, language: str | None = None) -> EventText:
        """The text to show a reader: their language if a version exists, else the original."""
        wanted = (language or get_language() or "en").split("-")[0]
        if wanted != self.language_id:
            for translation in self.translations.all():
                if translation.language_id == wanted:
                    return EventText(
                        translation.language_id,
                        translation.title,
                        translation.description,
                        translation.origin,
                        False,
                    )
        return EventText(self.language_id, self.title, self.description, Origin.HUMAN, True)


class EventText:
    """One language version of an event's text, as shown to a reader."""

    def __init__(
        self, language: str, title: str, description: str, origin: str, is_original: bool
    ) -> None:
        self.language = language
        self.title = title
        self.description = description
        self.origin = origin
        self.is_original = is_original


class EventTranslation(models.Model):
    """A version of an event's title and description in another language."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    language = models.ForeignKey("directory.Language", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (Markdown)"), max_length=20000, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.HUMAN
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="one_event_version_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} [{self.language_id}]"


class AgendaItem(models.Model):
    """A timed item of the agenda, with its speakers: people (by name) and local governments."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("title"), max_length=300)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    local_governments = models.ManyToManyField(
        "directory.LocalGovernment",
        blank=True,
        related_name="+",
        verbose_name=_("speaking local governments"),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An agenda item must end after it starts.")})


class Registration(models.Model):
    """A person's place at an event: confirmed, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    # The waiting list moves up in the order people joined it.
    queued_at = models.DateTimeField(_("registered"))
    invited = models.BooleanField(_("invited"), default=False)
    # Reminders sent (one day and one hour before): each is sent once.
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    reminded_hour_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.event}"


class Presentation(models.Model):
    """A file shown at the event (slides, a report), checked as the library's attachments."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="presentations")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="events/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")

    def __str__(self) -> str:
        return self.title


class FollowUpAction(models.Model):
    """Something agreed at the event: who does it, by when, and how far it got."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        UNDER_WAY = "under-way", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner's local government"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """The secret in a person's private calendar address; revoking it deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return f"calendar of {self.user}"
