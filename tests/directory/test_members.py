"""A network's staff manage its members and committee seats on the web: add, change the role,
remove after a confirmation; the local government's focal points are told, in their language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase

from ponte.community.models import Notification
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.directory import services
from ponte.directory.models import CommitteeMembership, Membership
from tests.factories import CommitteeFactory, CommitteeMembershipFactory, LocalGovernmentFactory
from tests.knowledge import conftest as library

pytestmark = pytest.mark.django_db
# UCLG ASPAC (Surabaya, Semarang) and MERCOCIUDADES (Recife), a person per role.
world = library.world


@pytest.fixture
def committee(world: dict[str, Any]) -> Any:
    committee = CommitteeFactory(network=world["aspac"], name="Climate", slug="climate")
    CommitteeMembershipFactory(committee=committee, local_government=world["surabaya"])
    return committee


def test_staff_change_a_role_and_remove_a_member_who_leaves_its_committees(  # type: ignore[no-untyped-def]
    world, committee
) -> None:
    world["surabaya_member"].preferred_language = "es"
    world["surabaya_member"].save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.membership_set_role(
            actor=world["aspac_staff"],
            network=world["aspac"],
            local_government=world["surabaya"],
            role="vice-president",
        )
    assert Membership.objects.get(local_government=world["surabaya"]).role == "vice-president"
    note = Notification.objects.get(recipient=world["surabaya_member"])
    assert note.text == "Surabaya tiene ahora el rol Vicepresidencia en UCLG ASPAC"
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.membership_remove(
            actor=world["aspac_staff"], network=world["aspac"], local_government=world["surabaya"]
        )
    assert not Membership.objects.filter(local_government=world["surabaya"]).exists()
    assert not CommitteeMembership.objects.filter(committee=committee).exists()
    assert Notification.objects.filter(recipient=world["surabaya_member"]).count() == 2


def test_other_networks_and_members_cannot_manage_members(world) -> None:  # type: ignore[no-untyped-def]
    for actor in (world["merco_staff"], world["surabaya_member"]):
        with pytest.raises(PermissionDeniedError):
            services.membership_remove(
                actor=actor, network=world["aspac"], local_government=world["semarang"]
            )
        with pytest.raises(PermissionDeniedError):
            services.membership_set_role(
                actor=actor,
                network=world["aspac"],
                local_government=world["semarang"],
                role="president",
            )
    with pytest.raises(ApplicationError):
        services.membership_set_role(
            actor=world["aspac_staff"],
            network=world["aspac"],
            local_government=world["semarang"],
            role="emperor",
        )
    with pytest.raises(ApplicationError):
        services.membership_remove(
            actor=world["aspac_staff"], network=world["aspac"], local_government=world["recife"]
        )
    assert Membership.objects.filter(network=world["aspac"]).count() == 2


def test_committee_roles_include_vice_chair(world, committee) -> None:  # type: ignore[no-untyped-def]
    seat = services.committee_member_set_role(
        actor=world["aspac_staff"],
        committee=committee,
        local_government=world["surabaya"],
        role="vice-chair",
    )
    assert seat.get_role_display() == "Vice-chair"
    with pytest.raises(PermissionDeniedError):
        services.committee_member_set_role(
            actor=world["merco_staff"],
            committee=committee,
            local_government=world["surabaya"],
            role="chair",
        )


def test_staff_manage_members_on_the_web(client, world) -> None:  # type: ignore[no-untyped-def]
    lima = LocalGovernmentFactory(city_name="Lima", slug="lima")
    client.force_login(world["aspac_staff"])
    network = client.get("/directory/networks/uclg-aspac/").content.decode()
    assert "Manage members" in network
    page = client.get("/directory/networks/uclg-aspac/members/").content.decode()
    assert "Role of Surabaya" in page and 'value="lima"' in page
    added = client.post(
        "/directory/networks/uclg-aspac/members/",
        {"local_government": "lima", "role": "treasurer", "since": "2020"},
    )
    assert added.status_code == 302
    assert Membership.objects.get(local_government=lima).role == "treasurer"
    client.post("/directory/networks/uclg-aspac/members/lima/role/", {"role": "president"})
    assert Membership.objects.get(local_government=lima).role == "president"
    confirm = client.get("/directory/networks/uclg-aspac/members/lima/remove/")
    assert confirm.status_code == 200 and "Remove Lima from UCLG ASPAC?" in confirm.content.decode()
    assert Membership.objects.filter(local_government=lima).exists()  # asking removes nothing
    client.post("/directory/networks/uclg-aspac/members/lima/remove/")
    assert not Membership.objects.filter(local_government=lima).exists()


def test_committee_removal_is_confirmed_first_and_roles_change_on_the_page(  # type: ignore[no-untyped-def]
    client, world, committee
) -> None:
    client.force_login(world["aspac_staff"])
    confirm = client.get("/directory/committees/climate/members/surabaya/remove/")
    assert "Remove Surabaya from Climate?" in confirm.content.decode()
    client.post("/directory/committees/climate/members/surabaya/role/", {"role": "vice-chair"})
    assert CommitteeMembership.objects.get(committee=committee).role == "vice-chair"
    client.post("/directory/committees/climate/members/surabaya/remove/")
    assert not CommitteeMembership.objects.filter(committee=committee).exists()


def test_others_are_refused_the_members_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["merco_staff"])
    assert client.get("/directory/networks/uclg-aspac/members/").status_code == 403
    assert client.get("/directory/networks/uclg-aspac/members/surabaya/remove/").status_code == 403
    assert "Manage members" not in client.get("/directory/networks/uclg-aspac/").content.decode()
