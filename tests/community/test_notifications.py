"""A notification takes its reader to where they act, and is read once opened; reviewers see
how much waits for them in the header of every page."""

from __future__ import annotations

from django.test import Client

from ponte.community.models import Notification
from ponte.knowledge import services as knowledge
from tests.factories import ItemFactory


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_opening_a_notification_marks_it_read_and_goes_where_to_act(world: dict) -> None:
    member = world["surabaya_member"]
    told = Notification.objects.create(
        recipient=member, kind="review", text="Returned", url="/library/"
    )
    elsewhere = Notification.objects.create(
        recipient=member, kind="review", text="Odd", url="https://evil.example/"
    )
    client = _client(member)
    page = client.get("/community/notifications/").content.decode()
    assert f'href="/community/notifications/{told.pk}/"' in page
    response = client.get(f"/community/notifications/{told.pk}/")
    assert response.status_code == 302 and response["Location"] == "/library/"
    told.refresh_from_db()
    assert told.read_at is not None
    # Only Ponte's own paths are followed; someone else's notification does not exist.
    assert client.get(f"/community/notifications/{elsewhere.pk}/")["Location"] == (
        "/community/notifications/"
    )
    other = _client(world["semarang_member"]).get(f"/community/notifications/{told.pk}/")
    assert other.status_code == 404


def test_reviewers_see_what_waits_for_them_in_the_header(world: dict) -> None:
    item = ItemFactory(owner=world["surabaya"], status="draft")
    knowledge.item_transition(actor=world["surabaya_member"], item=item, action="submit")
    staff_page = _client(world["aspac_staff"]).get("/").content.decode()
    assert 'Review queue <span class="badge">1<span class="visually-hidden"> waiting' in staff_page
    member_page = _client(world["surabaya_member"]).get("/").content.decode()
    assert "Review queue" not in member_page
    # The submission told the reviewer; opening it lands on the item to review.
    told = Notification.objects.get(recipient=world["aspac_staff"])
    landing = _client(world["aspac_staff"]).get(f"/community/notifications/{told.pk}/")
    assert landing["Location"] == f"/library/{item.slug}/"
