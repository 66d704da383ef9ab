"""The event pages and API: times on the reader's and the organiser's clocks and in each
city, filters, registration from the page, and "plan an exchange" on lower pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ponte.accounts.permissions import SYSTEM
from ponte.events import services
from ponte.events.models import Event
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.django_db


def test_an_event_between_cities_shows_each_city_s_local_time(ew: EventWorld) -> None:
    start = datetime(2027, 6, 2, 13, 0, tzinfo=UTC)  # 10:00 in São Paulo, 20:00 in Jakarta
    event = ew.event(starts_at=start, ends_at=start + timedelta(hours=2))
    ew.manila_member.timezone = "Europe/Lisbon"
    ew.manila_member.save()
    client = Client()
    client.force_login(ew.manila_member)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "10:00 in São Paulo, 20:00 in Jakarta" in page
    assert "14:00–16:00" in page  # the reader's clock: Lisbon, summer time
    assert "20:00–22:00 (Asia/Jakarta)" in page  # the organiser's, beside it
    # Neither registered nor an organiser: no link.
    assert "meet.example.org" not in page
    client.force_login(ew.jakarta_member)
    assert (
        "meet.example.org"
        in client.get(reverse("events:detail", args=[event.slug])).content.decode()
    )


def test_registering_from_the_page_shows_the_link_and_my_events(ew: EventWorld) -> None:
    event = ew.event(capacity=1)
    first, second = ew.people(2)
    for person, expected in ((first, "Confirmed"), (second, "On the waiting list")):
        client = Client()
        client.force_login(person)
        response = client.post(reverse("events:register", args=[event.slug]), follow=True)
        assert expected in response.content.decode()
        mine = client.get(reverse("events:mine")).content.decode()
        assert event.title in mine
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "meet.example.org" not in page  # waiting: no link yet
    again = client.post(reverse("events:register", args=[event.slug]))
    assert again.status_code == 409


def test_the_list_filters_and_refuses_unknown_values(ew: EventWorld) -> None:
    ew.event(title="Online webinar")
    ew.event(title="Visit", kind="study-visit", mode="in-person", venue="City hall")
    client = Client()
    page = client.get(reverse("events:list") + "?kind=study-visit").content.decode()
    assert "Visit" in page and "Online webinar" not in page
    page = client.get(reverse("events:list") + "?mode=online").content.decode()
    assert "Online webinar" in page and "City hall" not in page
    assert client.get(reverse("events:list") + "?kind=party").status_code == 400
    past = client.get(reverse("events:list") + "?when=past").content.decode()
    assert "Online webinar" not in past


def test_a_focal_point_plans_publishes_and_cancels_from_the_pages(ew: EventWorld) -> None:
    client = Client()
    client.force_login(ew.jakarta_member)
    form = client.get(reverse("events:create")).content.decode()
    assert f"/events/slots/?local_governments={ew.jakarta.pk}" in form
    response = client.post(
        reverse("events:create"),
        {
            "kind": "webinar",
            "title": "Resilience Module training",
            "language": "en",
            "timezone": "Asia/Jakarta",
            "starts_at": "2027-03-01T09:00",
            "ends_at": "2027-03-01T12:00",
            "mode": "online",
            "meeting_url": "https://meet.example.org/resilience",
            "local_governments": [ew.jakarta.pk],
            "registration": "open",
            "capacity": "30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(title="Resilience Module training")
    assert event.starts_at == datetime(2027, 3, 1, 2, 0, tzinfo=UTC)  # 09:00 WIB
    client.post(reverse("events:publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == "published"
    bad = client.post(
        reverse("events:edit", args=[event.slug]),
        {
            "version": event.version,
            "kind": "webinar",
            "title": "x",
            "language": "en",
            "timezone": "Mars/Olympus",
            "starts_at": "2027-03-01T09:00",
            "ends_at": "2027-03-01T08:00",
            "mode": "online",
            "registration": "open",
        },
    )
    assert bad.status_code == 400
    assert "not a known time zone" in bad.content.decode()
    event.refresh_from_db()
    assert event.title == "Resilience Module training"


def test_plan_an_exchange_on_a_partnership_a_city_and_a_network(ew: EventWorld) -> None:
    from tests.cooperation.factories import PartnershipFactory

    partnership = PartnershipFactory(title="Jakarta–São Paulo", parties=[ew.jakarta, ew.sao_paulo])
    event = ew.event(partnership=partnership)
    client = Client()
    client.force_login(ew.jakarta_member)
    page = client.get(reverse("cooperation:partnership", args=[partnership.pk])).content.decode()
    assert f"/events/new/?partnership={partnership.pk}" in page
    assert event.title in page
    form = client.get(f"/events/new/?partnership={partnership.pk}").content.decode()
    assert "Jakarta–São Paulo" in form
    profile = Client().get(reverse("directory:profile", args=[ew.sao_paulo.slug])).content
    assert event.title in profile.decode()
    network = Client().get(reverse("directory:network", args=["uclg-aspac"])).content
    assert event.title in network.decode()


def test_the_api_lists_filters_and_gives_the_link_only_to_registered_people(
    ew: EventWorld,
) -> None:
    event = ew.event()
    services.event_create(actor=SYSTEM, data=ew.data(title="A draft"), networks=[ew.merco])
    client = Client()
    listed = client.get("/api/v1/events").json()
    assert [e["title"] for e in listed["results"]] == [event.title]
    assert listed["results"][0]["ics_url"] == f"/events/{event.slug}.ics"
    assert client.get("/api/v1/events?kind=party").status_code == 400
    detail = client.get(f"/api/v1/events/{event.pk}").json()
    assert detail["meeting_url"] is None
    person = ew.people(1)[0]
    services.registration_create(actor=person, event=event)
    client.force_login(person)
    assert client.get(f"/api/v1/events/{event.pk}").json()["meeting_url"].startswith("https://")
    mine = client.get("/api/v1/events/registrations").json()
    assert [(r["event"]["id"], r["status"]) for r in mine] == [(event.pk, "confirmed")]
    assert Client().get("/api/v1/events/registrations").status_code == 401


def test_atom_feed_lists_published_events_newest_first(client: Client, ew: EventWorld) -> None:
    older = ew.event(title="Older webinar")
    newer = ew.event(title="Newer webinar")
    Event.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))
    ew.event(title="Still a draft", publish=False)
    services.event_cancel(actor=SYSTEM, event=ew.event(title="Called off"))

    listing = client.get("/events/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in listing and "/events/feed/" in listing
    response = client.get("/events/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    # Our own response, parsed in the test.
    entries = ElementTree.fromstring(response.content).findall(f"{atom}entry")  # noqa: S314
    titles = [e.findtext(f"{atom}title") for e in entries]
    assert titles == ["Newer webinar", "Older webinar"]
    link = entries[0].find(f"{atom}link")
    assert link is not None and link.get("href", "").endswith(f"/events/{newer.slug}/")
    assert "(Asia/Jakarta)" in (entries[0].findtext(f"{atom}summary") or "")
