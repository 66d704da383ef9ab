"""A network's staff open a solidarity request on behalf of a member local government."""

from __future__ import annotations

import pytest

from ponte.community.models import Notification
from ponte.core.exceptions import PermissionDeniedError
from ponte.exchange import services
from ponte.exchange.models import SolidarityRequest

ITEMS = [{"name": "Tents", "quantity": "50", "unit": "pieces"}]
DATA = {
    "title": "Tents after the flood",
    "description": "Families sleep outside.",
    "language": "en",
    "delivery_place": "City hall",
}


def test_staff_open_a_request_for_a_member_and_its_focal_points_are_told(world) -> None:  # type: ignore[no-untyped-def]
    world["surabaya_member"].preferred_language = "id"
    world["surabaya_member"].save()
    request = services.solidarity_request_create(
        actor=world["aspac_staff"], local_government=world["surabaya"], data=DATA, items=ITEMS
    )
    assert request.opened_by_network == world["aspac"]
    assert request.created_by == world["aspac_staff"]
    note = Notification.objects.get(recipient=world["surabaya_member"])
    assert "UCLG ASPAC" in note.text and "Surabaya" in note.text
    assert note.url == f"/exchange/solidarity/{request.pk}/"
    assert not Notification.objects.filter(recipient=world["semarang_member"]).exists()


def test_staff_cannot_ask_for_a_city_outside_their_network(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.solidarity_request_create(
            actor=world["merco_staff"], local_government=world["surabaya"], data=DATA, items=ITEMS
        )
    assert not SolidarityRequest.objects.exists()


def test_a_focal_point_asking_for_their_own_city_is_not_on_behalf(world) -> None:  # type: ignore[no-untyped-def]
    request = services.solidarity_request_create(
        actor=world["surabaya_member"], local_government=world["surabaya"], data=DATA, items=ITEMS
    )
    assert request.opened_by_network is None
    assert not Notification.objects.exists()


def test_the_form_lets_staff_choose_a_member_and_the_page_says_who_opened_it(  # type: ignore[no-untyped-def]
    client, world
) -> None:
    client.force_login(world["aspac_staff"])
    form = client.get("/exchange/solidarity/new/").content.decode()
    assert 'name="local_government"' in form and "Surabaya" in form and "Recife" not in form
    post = {**DATA, "items": "50; pieces; tents"}
    refused = client.post("/exchange/solidarity/new/", {**post, "local_government": "recife"})
    assert refused.status_code == 403 and not SolidarityRequest.objects.exists()
    response = client.post("/exchange/solidarity/new/", {**post, "local_government": "surabaya"})
    request = SolidarityRequest.objects.get()
    assert response.status_code == 302 and request.local_government == world["surabaya"]
    page = client.get(f"/exchange/solidarity/{request.pk}/").content.decode()
    assert "Opened by UCLG ASPAC on behalf of Surabaya" in page


def test_the_member_form_has_no_choice_of_city(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    assert 'name="local_government"' not in client.get("/exchange/solidarity/new/").content.decode()
