"""Calendars: an event's .ics and the feeds, parsed back with icalendar (and expanded with
recurring-ical-events as a calendar application would); the private feed stops when its
address is revoked or renewed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.test import Client
from django.urls import reverse

from ponte.accounts.permissions import SYSTEM
from ponte.events import services
from ponte.events.models import CalendarToken
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.django_db


def _parse(response: object) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code  # type: ignore[attr-defined]
    assert response["Content-Type"].startswith("text/calendar")  # type: ignore[index]
    return icalendar.Calendar.from_ical(response.content)  # type: ignore[attr-defined]


def test_an_event_s_ics_keeps_the_organiser_s_zone_across_a_dst_change(ew: EventWorld) -> None:
    # Santiago leaves summer time on the first Sunday of April 2027 (UTC-3 → UTC-4): 10:00
    # local is 13:00 UTC before, 14:00 UTC after.
    start = datetime(2027, 4, 5, 14, 0, tzinfo=UTC)
    event = ew.event(
        timezone="America/Santiago", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    cal = _parse(Client().get(reverse("events:ics", args=[event.slug])))
    vevent = cal.walk("VEVENT")[0]
    assert vevent["DTSTART"].params["TZID"] == "America/Santiago"
    assert vevent.decoded("DTSTART").hour == 10
    assert vevent.decoded("DTSTART").astimezone(UTC) == start
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Santiago"]
    assert str(vevent["URL"]).endswith(reverse("events:detail", args=[event.slug]))
    assert "Jakarta" in vevent["ORGANIZER"].params["CN"]
    assert vevent["STATUS"] == "CONFIRMED"
    # The meeting link is for registered people only.
    assert "meet.example.org" not in cal.to_ical().decode()


def test_the_link_is_in_a_registered_person_s_ics_and_changes_bump_the_sequence(
    ew: EventWorld,
) -> None:
    event = ew.event()
    person = ew.people(1)[0]
    services.registration_create(actor=person, event=event)
    client = Client()
    client.force_login(person)
    first = _parse(client.get(reverse("events:ics", args=[event.slug]))).walk("VEVENT")[0]
    assert "meet.example.org" in str(first["LOCATION"])
    event = services.event_update(
        actor=SYSTEM,
        event=event,
        version=event.version,
        data={"meeting_url": "https://meet.example.org/new-room"},
    )
    services.event_cancel(actor=SYSTEM, event=event)
    last = _parse(client.get(reverse("events:ics", args=[event.slug]))).walk("VEVENT")[0]
    assert int(last["SEQUENCE"]) > int(first["SEQUENCE"])
    assert last["STATUS"] == "CANCELLED"


def test_feeds_of_all_of_a_network_and_of_a_theme(ew: EventWorld) -> None:
    webinar = ew.event(title="Climate finance webinar")
    visit = ew.event(
        title="Palu study visit",
        kind="study-visit",
        mode="in-person",
        venue="Palu city hall",
        themes=["disaster-risk-reduction"],
        timezone="Asia/Makassar",
    )
    services.event_create(actor=SYSTEM, data=ew.data(title="A draft"), networks=[ew.merco])
    client = Client()
    window = (datetime(2000, 1, 1), datetime(2100, 1, 1))

    def titles(url: str) -> set[str]:
        cal = _parse(client.get(url))
        return {str(e["SUMMARY"]) for e in recurring_ical_events.of(cal).between(*window)}

    assert titles(reverse("events:feed")) == {webinar.title, visit.title}
    assert titles(reverse("events:network-feed", args=["uclg-aspac"])) == {
        webinar.title,
        visit.title,
    }
    assert titles(reverse("events:network-feed", args=["mercociudades"])) == {
        webinar.title,
        visit.title,
    }  # São Paulo, a Mercociudades member, organises both
    assert titles(reverse("events:theme-feed", args=["disaster-risk-reduction"])) == {visit.title}
    assert client.get(reverse("events:theme-feed", args=["no-such-theme"])).status_code == 404


def test_the_private_feed_holds_what_one_registered_for_until_revoked(ew: EventWorld) -> None:
    mine, other = ew.event(title="Mine"), ew.event(title="Not mine")
    person = ew.people(1)[0]
    services.registration_create(actor=person, event=mine)
    token = services.calendar_token_renew(actor=person).token
    url = reverse("events:private-feed", args=[token])
    anyone = Client()  # calendar applications do not sign in
    cal = _parse(anyone.get(url))
    events = recurring_ical_events.of(cal).between(datetime(2000, 1, 1), datetime(2100, 1, 1))
    assert [str(e["SUMMARY"]) for e in events] == ["Mine"]
    assert "meet.example.org" in cal.to_ical().decode()
    assert other.title not in cal.to_ical().decode()

    signed_in = Client()
    signed_in.force_login(person)
    signed_in.post(reverse("events:calendar-revoke"))
    assert anyone.get(url).status_code == 404
    signed_in.post(reverse("events:calendar-renew"))
    renewed = CalendarToken.objects.get(user=person).token
    assert renewed != token
    assert anyone.get(url).status_code == 404
    assert anyone.get(reverse("events:private-feed", args=[renewed])).status_code == 200
