"""Reminders one day and one hour before an event, by email in each person's language, with
the event's .ics attached (the meeting link included: they registered). Each reminder is
sent once per registration, however often the task runs; run it every few minutes
(`ponte event_reminders`, or its task from a scheduler)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ponte.events import calendar, selectors
from ponte.events.models import Registration, Status

# (field, the reminder is due from this long before, until this long before)
WINDOWS = (
    ("reminded_day_at", timedelta(days=1), timedelta(hours=1)),
    ("reminded_hour_at", timedelta(hours=1), timedelta(0)),
)


def send_reminders(now: datetime | None = None) -> int:
    """Send the reminders that are due; return how many emails went out."""
    now = now or timezone.now()
    sent = 0
    for field, before, until in WINDOWS:
        due = Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__status=Status.PUBLISHED,
            event__starts_at__gt=now + until,
            event__starts_at__lte=now + before,
            user__is_active=True,
            **{f"{field}__isnull": True},
        ).select_related("event", "user")
        for registration in due:
            with transaction.atomic():
                # Claim it first: two runs at once send it once.
                claimed = Registration.objects.filter(
                    pk=registration.pk, **{f"{field}__isnull": True}
                ).update(**{field: now})
                if not claimed:
                    continue
                _send(registration, hour=field == "reminded_hour_at")
                sent += 1
    return sent


def _send(registration: Registration, *, hour: bool) -> None:
    event, user = registration.event, registration.user
    if not user.email:
        return
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = event.version_for(language)
        zone = selectors.reader_zone(user) if user.timezone else event.timezone
        clock = selectors.clocks(event, zone)["reader"]
        url = settings.PONTE_SITE_URL.rstrip("/") + reverse("events:detail", args=[event.slug])
        subject = (
            gettext("In one hour: %(title)s") if hour else gettext("Tomorrow: %(title)s")
        ) % {"title": text.title}
        lines = [
            text.title,
            f"{clock.date_text}, {clock.start_text}–{clock.end_text} ({clock.zone})",
        ]
        if event.is_online and event.meeting_url:
            lines.append(gettext("Meeting link: %(url)s") % {"url": event.meeting_url})
        if event.is_in_person and event.venue:
            lines.append(gettext("Venue: %(venue)s") % {"venue": event.venue})
        lines.append(url)
        message = EmailMessage(
            subject, "\n\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email]
        )
        message.attach(
            f"{event.slug}.ics",
            calendar.calendar([event], name=text.title, with_link=lambda _e: True),
            "text/calendar",
        )
        message.send()
