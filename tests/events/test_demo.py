"""The demo events from the seed: in four languages, past ones with their outputs, upcoming
ones open for registration, and loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ponte.cooperation.demo import load_demo_cooperation, load_demo_programmes
from ponte.directory.demo import load_demo_directory
from ponte.events.demo import load_demo_events
from ponte.events.models import Event, FollowUpAction
from ponte.events.services import registration_is_open

pytestmark = pytest.mark.django_db


def test_the_seed_s_events_load_once_in_four_languages() -> None:
    load_demo_directory()
    load_demo_programmes()
    load_demo_cooperation()
    assert load_demo_events() == 7
    assert load_demo_events() == 7
    assert Event.objects.count() == 7
    exchange = Event.objects.get(slug="demo-climate-finance-gcom-exchange")
    assert {n.slug for n in exchange.networks.all()} >= {"uclg-aspac", "mercociudades"}
    assert exchange.project is not None and exchange.programme is not None
    for event in Event.objects.all():
        languages = {event.language_id, *(v.language_id for v in event.translations.all())}
        assert languages == {"en", "es", "pt", "id"}, event.slug
    masks = FollowUpAction.objects.get(title__contains="masks")
    assert masks.event.slug == "demo-pandemic-insight-sharing-webinars"
    assert masks.status == "done"
    palu = Event.objects.get(slug="demo-palu-study-visit")
    assert palu.venue_city is not None and palu.venue_city.name == "Palu"
    assert palu.latitude is not None
    upcoming = Event.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.count() == 2
    assert all(registration_is_open(e) for e in upcoming)
    assert exchange.version_for("es").title.startswith("Financiamiento climático")
