"""A network brokers: its staff propose a match between two member cities (a need and the
other city, or its practice or offer); both sides' focal points are told and answer; it is
accepted once both accept, and the network sees how it ends."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.community.models import Notification
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.exchange import services as exchange
from ponte.matching import services
from ponte.matching.models import Interest
from tests.factories import ItemFactory, UserFactory


@pytest.fixture
def need(world):  # type: ignore[no-untyped-def]
    """Semarang (a UCLG ASPAC member, like Surabaya) needs help with flood warnings."""
    return exchange.need_create(
        actor=SYSTEM,
        local_government=world["semarang"],
        data={
            "title": "Flood early warning",
            "description": "Rivers rise at night.",
            "language": "en",
            "status": "open",
        },
    )


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_staff_broker_a_need_with_a_member_city_and_both_must_accept(world, need) -> None:  # type: ignore[no-untyped-def]
    interest = services.interest_broker(
        actor=world["aspac_staff"],
        network=world["aspac"],
        need=need,
        to_local_government=world["surabaya"],
        message="Surabaya solved this in 2019.",
    )
    assert interest.from_local_government == world["semarang"]
    assert interest.brokered_by == world["aspac"] and interest.status == "pending"
    for member in ("semarang_member", "surabaya_member"):
        note = Notification.objects.get(recipient=world[member])
        assert "UCLG ASPAC proposes a match" in note.text
    services.interest_decide(actor=world["surabaya_member"], interest=interest, accept=True)
    interest.refresh_from_db()
    assert interest.status == "pending" and interest.accepted_first_by == world["surabaya"]
    with pytest.raises(ApplicationError):
        services.interest_decide(actor=world["surabaya_member"], interest=interest, accept=True)
    services.interest_decide(actor=world["semarang_member"], interest=interest, accept=True)
    interest.refresh_from_db()
    assert interest.status == "accepted"
    conversation = interest.conversation
    assert {lg.name for lg in conversation.local_governments.all()} == {"Semarang", "Surabaya"}
    assert list(conversation.networks.all()) == [world["aspac"]]
    outcome = Notification.objects.filter(recipient=world["aspac_staff"]).first()
    assert outcome is not None and "accepted the proposed match" in outcome.text


def test_either_side_declines_and_the_network_is_told(world, need) -> None:  # type: ignore[no-untyped-def]
    interest = services.interest_broker(
        actor=world["aspac_staff"],
        network=world["aspac"],
        need=need,
        to_local_government=world["surabaya"],
    )
    with pytest.raises(ApplicationError):
        services.interest_withdraw(actor=world["semarang_member"], interest=interest)
    services.interest_decide(actor=world["semarang_member"], interest=interest, accept=False)
    interest.refresh_from_db()
    assert interest.status == "declined"
    note = Notification.objects.get(recipient=world["aspac_staff"])
    assert "was declined" in note.text


def test_a_practice_is_brokered_to_its_owner(world, need) -> None:  # type: ignore[no-untyped-def]
    practice = ItemFactory(owner=world["surabaya"], title="River sirens", status="published")
    interest = services.interest_broker(
        actor=world["aspac_staff"], network=world["aspac"], need=need, candidate=practice
    )
    assert interest.to_local_government == world["surabaya"]
    assert interest.candidate_key == f"practice:{practice.pk}"


def test_only_staff_of_both_cities_network_broker(world, need) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.interest_broker(
            actor=world["merco_staff"],
            network=world["aspac"],
            need=need,
            to_local_government=world["surabaya"],
        )
    with pytest.raises(PermissionDeniedError):  # Recife is not a UCLG ASPAC member
        services.interest_broker(
            actor=world["aspac_staff"],
            network=world["aspac"],
            need=need,
            to_local_government=world["recife"],
        )
    with pytest.raises(ApplicationError):
        services.interest_broker(
            actor=world["aspac_staff"],
            network=world["aspac"],
            need=need,
            to_local_government=world["semarang"],
        )
    assert not Interest.objects.exists()


def test_staff_propose_on_the_web_and_follow_the_outcome(world, need) -> None:  # type: ignore[no-untyped-def]
    staff = _client(world["aspac_staff"])
    form = staff.get("/matching/broker/").content.decode()
    assert "Semarang: Flood early warning" in form and "Recife" not in form
    bad = staff.post("/matching/broker/", {"message": "?"})
    assert bad.status_code == 400 and not Interest.objects.exists()
    done = staff.post("/matching/broker/", {"need": need.pk, "to_local_government": "surabaya"})
    assert done.status_code == 302
    interest = Interest.objects.get()
    member = _client(world["surabaya_member"])
    page = member.get("/matching/interests/").content.decode()
    assert "Proposed by UCLG ASPAC between Semarang and Surabaya" in page
    member.post(f"/matching/interests/{interest.pk}/accept/")
    _client(world["semarang_member"]).post(f"/matching/interests/{interest.pk}/accept/")
    followed = staff.get("/matching/interests/").content.decode()
    assert "Matches your network proposed" in followed and "Accepted" in followed
    other = UserFactory(role=Role.MEMBER, local_government=world["recife"])
    assert _client(other).get("/matching/broker/").status_code == 403
