"""Events: who may create and change them, bad input refused with nothing written, and
registration with capacity and a waiting list that moves up by itself."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from ponte.community.models import Notification
from ponte.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from ponte.events import services
from ponte.events.models import Event, Registration, Status
from ponte.knowledge.models import Item, ItemType
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.django_db


def test_a_focal_point_creates_a_draft_for_their_city(ew: EventWorld) -> None:
    event = services.event_create(actor=ew.jakarta_member, data=ew.data())
    assert event.status == Status.DRAFT
    assert list(event.local_governments.all()) == [ew.jakarta]
    assert [t.slug for t in event.themes.all()] == ["climate-finance"]
    assert sorted(lang.code for lang in event.languages.all()) == ["en", "es"]


def test_only_an_organiser_may_create_in_their_name(ew: EventWorld) -> None:
    with pytest.raises(PermissionDeniedError):
        services.event_create(
            actor=ew.manila_member, data=ew.data(), local_governments=[ew.jakarta], networks=[]
        )
    with pytest.raises(PermissionDeniedError):
        services.event_create(actor=ew.outsider_staff, data=ew.data(), networks=[ew.aspac])
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "start"}, "ends_at"),
        ({"timezone": "Asia/Atlantis"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"capacity": -1}, "capacity"),
        ({"kind": "party"}, "kind"),
        ({"mode": "in-person", "venue": "", "venue_city": None}, "venue"),
        ({"themes": ["no-such-theme"]}, "themes"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    ew: EventWorld, overrides: dict[str, Any], field: str
) -> None:
    data = ew.data()
    if overrides.get("ends_at") == "start":
        overrides = {"ends_at": data["starts_at"] - timedelta(hours=1)}
    with pytest.raises(ApplicationError) as refused:
        services.event_create(actor=ew.jakarta_member, data={**data, **overrides})
    assert field in refused.value.errors
    assert Event.objects.count() == 0


def test_the_time_zone_error_says_how_to_write_one(ew: EventWorld) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.event_create(actor=ew.jakarta_member, data=ew.data(timezone="Jakarta"))
    assert "Asia/Jakarta" in refused.value.errors["timezone"][0]


def test_staff_of_a_member_city_s_network_edit_outsiders_do_not(ew: EventWorld) -> None:
    event = ew.event(publish=False)
    changed = services.event_update(
        actor=ew.aspac_staff, event=event, version=event.version, data={"title": "New title"}
    )
    assert changed.title == "New title"
    with pytest.raises(PermissionDeniedError):
        services.event_update(
            actor=ew.outsider_staff, event=event, version=changed.version, data={"title": "X"}
        )
    with pytest.raises(ConflictError):
        services.event_update(
            actor=ew.jakarta_member, event=event, version=event.version, data={"title": "Old"}
        )
    assert Event.objects.get(pk=event.pk).title == "New title"


def test_registering_within_capacity_then_the_waiting_list(ew: EventWorld) -> None:
    event = ew.event(capacity=1)
    first, second = ew.people(2)
    assert services.registration_create(actor=first, event=event).status == "confirmed"
    waiting = services.registration_create(actor=second, event=event)
    assert waiting.status == Registration.Status.WAITING


def test_registering_twice_is_refused(ew: EventWorld) -> None:
    event = ew.event()
    person = ew.people(1)[0]
    services.registration_create(actor=person, event=event)
    with pytest.raises(ConflictError, match="already registered"):
        services.registration_create(actor=person, event=event)
    assert Registration.objects.filter(event=event).count() == 1


def test_registering_after_closing_is_refused(ew: EventWorld) -> None:
    event = ew.event(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ApplicationError, match="has closed"):
        services.registration_create(actor=ew.people(1)[0], event=event)
    closed = ew.event(registration="closed", title="Closed one")
    with pytest.raises(ApplicationError, match="closed"):
        services.registration_create(actor=ew.people(1, "q")[0], event=closed)
    assert Registration.objects.count() == 0


def test_a_draft_or_an_event_by_invitation_takes_no_stranger(ew: EventWorld) -> None:
    draft = ew.event(publish=False)
    person = ew.people(1)[0]
    with pytest.raises(ApplicationError):
        services.registration_create(actor=person, event=draft)
    private = ew.event(registration="invitation", title="Committee")
    with pytest.raises(PermissionDeniedError):
        services.registration_create(actor=person, event=private)
    services.invitation_create(actor=ew.jakarta_member, event=private, users=[person])
    assert services.registration_create(actor=person, event=private).status == "confirmed"


def test_a_cancellation_moves_the_first_waiting_person_up_and_tells_them(ew: EventWorld) -> None:
    event = ew.event(capacity=2)
    a, b, c, d = ew.people(4)
    c.preferred_language = "es"
    c.save()
    for person in (a, b, c, d):
        services.registration_create(actor=person, event=event)
    services.registration_cancel(actor=a, event=event)
    statuses = dict(
        Registration.objects.filter(event=event).values_list("user__username", "status")
    )
    assert statuses == {"p0": "cancelled", "p1": "confirmed", "p2": "confirmed", "p3": "waiting"}
    told = Notification.objects.get(recipient=c)
    assert "Se liberó una plaza" in told.text
    assert not Notification.objects.filter(recipient=d).exists()


def test_more_seats_move_the_waiting_list_up(ew: EventWorld) -> None:
    event = ew.event(capacity=0)
    people = ew.people(3)
    for person in people:
        services.registration_create(actor=person, event=event)
    services.capacity_set(actor=ew.jakarta_member, event=event, capacity=2)
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2


def test_a_change_of_time_and_a_cancellation_are_told_in_each_language(ew: EventWorld) -> None:
    event = ew.event()
    services.registration_create(actor=ew.sao_paulo_member, event=event)
    services.registration_create(actor=ew.jakarta_member, event=event)
    before = event.sequence
    event = services.event_update(
        actor=ew.jakarta_member,
        event=event,
        version=event.version,
        data={
            "starts_at": event.starts_at + timedelta(hours=1),
            "ends_at": event.ends_at + timedelta(hours=1),
        },
    )
    assert event.sequence == before + 1
    assert "mudou" in Notification.objects.get(recipient=ew.sao_paulo_member).text
    services.event_cancel(actor=ew.aspac_staff, event=event, reason="Flooding")
    texts = list(
        Notification.objects.filter(recipient=ew.jakarta_member).values_list("text", flat=True)
    )
    assert any("dibatalkan" in t and "Flooding" in t for t in texts), texts


def test_attendance_is_marked_afterwards_by_organisers(ew: EventWorld) -> None:
    event = ew.event()
    registration = services.registration_create(actor=ew.people(1)[0], event=event)
    with pytest.raises(ApplicationError, match="started"):
        services.attendance_mark(
            actor=ew.jakarta_member, event=event, attended={registration.pk: True}
        )
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    event.refresh_from_db()
    with pytest.raises(PermissionDeniedError):
        services.attendance_mark(
            actor=ew.manila_member, event=event, attended={registration.pk: True}
        )
    services.attendance_mark(actor=ew.jakarta_member, event=event, attended={registration.pk: True})
    assert Registration.objects.get(pk=registration.pk).attended is True


def test_what_we_learnt_becomes_a_draft_practice_of_the_organiser(ew: EventWorld) -> None:
    event = ew.event()
    with pytest.raises(ApplicationError, match="learnt"):
        services.practice_from_event(actor=ew.jakarta_member, event=event)
    services.outputs_save(
        actor=ew.jakarta_member,
        event=event,
        recording_url="https://video.example.org/1",
        learnt="Pooling projects lets small cities reach climate funds.",
    )
    event.refresh_from_db()
    item = services.practice_from_event(actor=ew.sao_paulo_member, event=event)
    assert item.status == "draft" and item.type == ItemType.PRACTICE
    assert item.owner == ew.sao_paulo
    assert "Pooling projects" in item.lessons
    with pytest.raises(ConflictError):
        services.practice_from_event(actor=ew.jakarta_member, event=event)
    assert Item.objects.count() == 1


def test_follow_up_actions_have_an_owner_a_due_date_and_a_status(ew: EventWorld) -> None:
    event = ew.event()
    action = services.action_add(
        actor=ew.jakarta_member,
        event=event,
        title="Send 10,000 masks to São Paulo",
        owner="Jakarta health office",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    services.action_set_status(actor=ew.sao_paulo_member, action=action, status="done")
    with pytest.raises(ApplicationError):
        services.action_set_status(actor=ew.jakarta_member, action=action, status="lost")
    action.refresh_from_db()
    assert action.status == "done"


# 20 people, 10 seats, all at once -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_people_at_once_for_ten_seats(reference_data: None) -> None:
    ew = EventWorld()
    event = ew.event(capacity=10)
    people = ew.people(20)
    start = threading.Barrier(20)
    errors: list[BaseException] = []

    def register(person: Any) -> None:
        try:
            start.wait()
            services.registration_create(actor=person, event=event)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status="confirmed").count() == 10
    assert rows.filter(status="waiting").count() == 10


def test_attendance_feeds_the_network_s_figures(ew: EventWorld) -> None:
    from ponte.events.selectors import network_figures

    event = ew.event()
    people = [ew.jakarta_member, ew.sao_paulo_member, ew.manila_member]
    registrations = [services.registration_create(actor=p, event=event) for p in people]
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    event.refresh_from_db()
    services.attendance_mark(
        actor=ew.aspac_staff,
        event=event,
        attended={r.pk: r.user != ew.manila_member for r in registrations},
    )
    figures = network_figures(ew.aspac)
    assert figures["events"] == 1 and figures["people"] == 2
    assert figures["by_city"] == [("Jakarta", 1), ("São Paulo", 1)]
    assert figures["linking"] == 1  # Jakarta (Asia-Pacific) with São Paulo (Latin America)
    page = Client().get(f"/directory/networks/{ew.aspac.slug}/").content.decode()
    assert "2 people attended" in page
