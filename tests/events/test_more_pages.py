"""Event pages added after the first cut: a committee's upcoming events on its page, and each
agenda item in each participating city's local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from ponte.accounts.permissions import SYSTEM
from ponte.events import services
from tests.events.conftest import EventWorld
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def test_a_committee_page_lists_the_committee_s_upcoming_events(ew: EventWorld) -> None:
    committee = CommitteeFactory(network=ew.aspac, name="Climate committee")
    ours = ew.event(title="Committee meeting on heat", committee=committee)
    other = ew.event(title="Unrelated webinar")
    draft = ew.event(title="Draft meeting", committee=committee, publish=False)
    page = Client().get(reverse("directory:committee", args=[committee.slug])).content.decode()
    assert "Upcoming events" in page
    assert ours.title in page
    assert other.title not in page and draft.title not in page
    assert reverse("events:committee-feed", args=[committee.slug]) in page


def test_each_agenda_item_shows_each_city_s_local_time(ew: EventWorld) -> None:
    start = datetime(2027, 6, 2, 13, 0, tzinfo=UTC)  # 10:00 in São Paulo, 20:00 in Jakarta
    event = ew.event(starts_at=start, ends_at=start + timedelta(hours=2))
    services.agenda_item_add(
        actor=SYSTEM,
        event=event,
        title="Second panel",
        starts_at=start + timedelta(minutes=30),
        ends_at=start + timedelta(hours=1),
    )
    ew.manila_member.timezone = "Europe/Lisbon"
    ew.manila_member.save()
    client = Client()
    client.force_login(ew.manila_member)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "14:30–15:00</time> Second panel" in page  # the reader's clock
    assert "(10:30 in São Paulo, 20:30 in Jakarta)" in page
