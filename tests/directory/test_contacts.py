"""Who sees a local government's contacts (directory.permissions.can_see_contacts), on its
profile page and in the API alike; everyone else learns that contacts exist and how to come
to see them, never the names, emails or phones."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ponte.accounts.models import Role
from ponte.directory.models import LocalGovernment
from ponte.directory.permissions import can_see_contacts
from ponte.matching.models import Interest
from tests.factories import (
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMAIL = "dewi@surabaya.example"
PHONE = "+62 31 555 0101"


@pytest.fixture
def world() -> dict[str, Any]:
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    merco = NetworkFactory(slug="mercociudades", name="Mercociudades")
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    semarang = LocalGovernmentFactory(city_name="Semarang")
    rosario = LocalGovernmentFactory(city_name="Rosario")
    recife = LocalGovernmentFactory(city_name="Recife")
    MembershipFactory(local_government=surabaya, network=aspac)
    MembershipFactory(local_government=semarang, network=aspac)
    MembershipFactory(local_government=rosario, network=merco)
    MembershipFactory(local_government=recife, network=merco)
    surabaya.focal_points.create(name="Dewi Lestari", email=EMAIL, phone=PHONE)
    Interest.objects.create(
        from_local_government=recife,
        to_local_government=surabaya,
        candidate_key=f"local_government:{surabaya.pk}",
        candidate_title="Surabaya",
        rank=1,
        score=0.9,
        status=Interest.Status.ACCEPTED,
    )
    Interest.objects.create(
        from_local_government=rosario,
        to_local_government=surabaya,
        candidate_key=f"local_government:{surabaya.pk}",
        candidate_title="Surabaya",
        rank=1,
        score=0.8,
        status=Interest.Status.PENDING,
    )
    return {
        "surabaya": surabaya,
        "anonymous": None,
        "no_city": UserFactory(role=Role.MEMBER, local_government=None),
        "own": UserFactory(role=Role.MEMBER, local_government=surabaya),
        "shared_network": UserFactory(role=Role.MEMBER, local_government=semarang),
        "other_network": UserFactory(role=Role.MEMBER, local_government=rosario),
        "accepted_match": UserFactory(role=Role.MEMBER, local_government=recife),
        "network_staff": UserFactory(role=Role.NETWORK_STAFF, network=aspac),
        "other_staff": UserFactory(role=Role.NETWORK_STAFF, network=merco),
        "admin": UserFactory(role=Role.PLATFORM_ADMIN),
    }


SEES = ["own", "shared_network", "network_staff", "accepted_match", "admin"]
# Rosario's interest is still pending: asking is not yet a reason to see contacts.
DOES_NOT_SEE = ["anonymous", "no_city", "other_network", "other_staff"]


def _client(world: dict[str, Any], who: str) -> Client:
    client = Client()
    if world[who] is not None:
        client.force_login(world[who])
    return client


@pytest.mark.parametrize("who", SEES)
def test_those_with_a_reason_see_the_contacts_on_page_and_api(
    world: dict[str, Any], who: str
) -> None:
    surabaya: LocalGovernment = world["surabaya"]
    client = _client(world, who)
    page = client.get(f"/directory/{surabaya.slug}/").content.decode()
    assert EMAIL in page and "Dewi Lestari" in page and PHONE in page
    body = client.get(f"/api/v1/local-governments/{surabaya.slug}").json()
    assert body["contacts"] == {"visible": True, "count": 1, "how_to_see": ""}
    assert body["focal_points"] == [
        {"name": "Dewi Lestari", "role": "", "email": EMAIL, "phone": PHONE}
    ]
    assert (
        can_see_contacts.filter(world[who], LocalGovernment.objects.all())
        .filter(pk=surabaya.pk)
        .exists()
    )


@pytest.mark.parametrize("who", DOES_NOT_SEE)
def test_everyone_else_learns_contacts_exist_and_how_to_see_them(
    world: dict[str, Any], who: str
) -> None:
    surabaya: LocalGovernment = world["surabaya"]
    client = _client(world, who)
    page = client.get(f"/directory/{surabaya.slug}/").content.decode()
    assert EMAIL not in page and "Dewi Lestari" not in page and PHONE not in page
    assert "1 focal point recorded." in page
    body = client.get(f"/api/v1/local-governments/{surabaya.slug}").json()
    assert body["focal_points"] == []
    assert body["contacts"]["visible"] is False and body["contacts"]["count"] == 1
    assert "accepted match" in body["contacts"]["how_to_see"]
    assert EMAIL not in str(body)


def test_the_hint_fits_the_reader(world: dict[str, Any]) -> None:
    slug = world["surabaya"].slug
    anonymous = _client(world, "anonymous").get(f"/directory/{slug}/").content.decode()
    assert "Sign in to see contacts" in anonymous and "/accounts/login/?next=" in anonymous
    no_city = _client(world, "no_city").get(f"/directory/{slug}/").content.decode()
    assert "ask to be a focal point of your local government" in no_city
    assert "/accounts/affiliation/" in no_city
    member = _client(world, "other_network").get(f"/directory/{slug}/").content.decode()
    assert "join one of its networks, or express interest in a match" in member


def test_contacts_follow_the_match_when_it_is_accepted(world: dict[str, Any]) -> None:
    surabaya = world["surabaya"]
    rosario_member = world["other_network"]
    assert not can_see_contacts(rosario_member, surabaya)
    Interest.objects.filter(from_local_government=rosario_member.local_government).update(
        status=Interest.Status.ACCEPTED
    )
    assert can_see_contacts(rosario_member, surabaya)
    # Accepting works both ways: Surabaya sees Rosario's contacts too.
    assert can_see_contacts(world["own"], rosario_member.local_government)
