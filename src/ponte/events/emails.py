"""Emails about an event with its `.ics` attached: an invitation, a change of time, place or
link, a cancellation (the file says METHOD:CANCEL and STATUS:CANCELLED with the bumped
SEQUENCE, so calendars remove it), and a seat come free from the waiting list.

Each goes with the person's in-app notification (community.services.notify, which honours
`User.email_delivery`): those who chose an email per notification get this one, in their
saved language, from a background task once the change is committed; those who chose the
daily digest find the notification there; "off" gets no email. Each notification is claimed
(`emailed_at`) before its email goes, so a task run twice mails nobody twice."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from ponte.accounts.models import EmailDelivery
from ponte.community.models import Notification
from ponte.events import calendar, selectors
from ponte.events.models import Event, Registration, Status


def send_event_emails(*, event_id: int, ids: list[int]) -> int:
    """Mail these notifications about this event; return how many emails went out."""
    event = (
        Event.objects.filter(pk=event_id)
        .select_related("venue_city")
        .prefetch_related("translations", "local_governments", "networks", "participants")
        .first()
    )
    if event is None:
        return 0
    waiting = (
        Notification.objects.filter(
            pk__in=ids,
            emailed_at__isnull=True,
            recipient__is_active=True,
            recipient__email_delivery=EmailDelivery.IMMEDIATE,
        )
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    sent = 0
    for notification in waiting:
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if claimed:
            _send(event, notification)
            sent += 1
    return sent


def _send(event: Event, notification: Notification) -> None:
    user = notification.recipient
    cancelled = event.status == Status.CANCELLED
    # The meeting link only for those with a seat, as on the event's page.
    registered = (
        not cancelled
        and Registration.objects.filter(
            event=event, user=user, status=Registration.Status.CONFIRMED
        ).exists()
    )
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = event.version_for(language)
        zone = selectors.reader_zone(user) if user.timezone else event.timezone
        clock = selectors.clocks(event, zone)["reader"]
        url = settings.PONTE_SITE_URL.rstrip("/") + reverse("events:detail", args=[event.slug])
        subject = " ".join((gettext("Ponte: %(text)s") % {"text": notification.text}).split())
        lines = [
            notification.text,
            text.title,
            f"{clock.date_text}, {clock.start_text}–{clock.end_text} ({clock.zone})",
        ]
        if registered and event.is_online and event.meeting_url:
            lines.append(gettext("Meeting link: %(url)s") % {"url": event.meeting_url})
        if event.is_in_person and event.venue:
            lines.append(gettext("Venue: %(venue)s") % {"venue": event.venue})
        lines.append(url)
        lines.append(
            gettext("The calendar file attached removes the event from your calendar.")
            if cancelled
            else gettext("Open the calendar file attached to add or update it in your calendar.")
        )
        body = "\n\n".join(lines)
    message = EmailMessage(subject[:200], body, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach(
        f"{event.slug}.ics",
        calendar.calendar(
            [event],
            name=text.title,
            with_link=lambda _e: registered,
            method="CANCEL" if cancelled else "PUBLISH",
        ),
        "text/calendar",
    )
    message.send()
