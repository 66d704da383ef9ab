"""A small world for events: UCLG ASPAC with Jakarta, Mercociudades with São Paulo, a focal
point of each, each network's staff, and an outsider; `make_event` builds a published event
organised by both cities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ponte.accounts.models import Role, User
from ponte.accounts.permissions import SYSTEM
from ponte.events import services
from ponte.events.models import Event
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory, UserFactory


class EventWorld:
    def __init__(self) -> None:
        self.aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
        self.merco = NetworkFactory(slug="mercociudades", name="Mercociudades")
        self.jakarta = LocalGovernmentFactory(city_name="Jakarta", slug="jakarta")
        self.sao_paulo = LocalGovernmentFactory(city_name="São Paulo", slug="sao-paulo")
        self.manila = LocalGovernmentFactory(city_name="Manila", slug="manila")
        MembershipFactory(local_government=self.jakarta, network=self.aspac)
        MembershipFactory(local_government=self.sao_paulo, network=self.merco)
        self.jakarta_member: User = UserFactory(
            username="sari",
            role=Role.MEMBER,
            local_government=self.jakarta,
            preferred_language="id",
        )
        self.sao_paulo_member: User = UserFactory(
            username="joao",
            role=Role.MEMBER,
            local_government=self.sao_paulo,
            preferred_language="pt",
        )
        self.manila_member: User = UserFactory(
            username="maria", role=Role.MEMBER, local_government=self.manila
        )
        self.aspac_staff: User = UserFactory(
            username="aspac-staff", role=Role.NETWORK_STAFF, network=self.aspac
        )
        self.outsider_staff: User = UserFactory(
            username="metro-staff",
            role=Role.NETWORK_STAFF,
            network=NetworkFactory(slug="metropolis", name="Metropolis"),
        )

    def data(self, **overrides: Any) -> dict[str, Any]:
        start = (timezone.now() + timedelta(days=10)).replace(
            hour=13, minute=0, second=0, microsecond=0
        )
        return {
            "kind": "webinar",
            "title": "Climate finance in the GCoM platforms",
            "description": "Cities of both regions compare how they fund climate action.",
            "language": "en",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "timezone": "Asia/Jakarta",
            "mode": "online",
            "meeting_url": "https://meet.example.org/climate-finance",
            "capacity": None,
            "languages": ["en", "es"],
            "themes": ["climate-finance"],
            **overrides,
        }

    def event(self, *, publish: bool = True, **overrides: Any) -> Event:
        event = services.event_create(
            actor=SYSTEM,
            data=self.data(**overrides),
            local_governments=[self.jakarta, self.sao_paulo],
            networks=[self.aspac],
        )
        if publish:
            event = services.event_publish(actor=SYSTEM, event=event)
        return event

    def people(self, n: int, prefix: str = "p") -> list[User]:
        return [UserFactory(username=f"{prefix}{i}", role=Role.MEMBER) for i in range(n)]


@pytest.fixture
def ew(db: None) -> EventWorld:
    return EventWorld()


@pytest.fixture
def make_event(ew: EventWorld) -> Callable[..., Event]:
    return ew.event


PAST = datetime(2022, 11, 10, 2, 0, tzinfo=UTC)
