"""Every step of a pledge is told to whoever waits on it, in their own language, with a link to
the request where they act: a pledge and its shipping to the requester and its networks' staff,
its receipt to the pledging side (and the networks)."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from ponte.community.models import Notification
from ponte.exchange import services
from ponte.exchange.models import SolidarityRequest


def _request(world: dict) -> SolidarityRequest:
    return services.solidarity_request_create(
        actor=world["admin"],
        local_government=world["surabaya"],
        data={
            "title": "Masks",
            "description": "For clinics.",
            "language": "en",
            "delivery_place": "City hall",
            "hazard": "epidemic",
        },
        items=[{"name": "Masks", "quantity": "500", "unit": "boxes"}],
    )


def _told(kind: str = "pledge") -> dict[str, str]:
    return {
        n.recipient.username: n.text for n in Notification.objects.filter(kind=kind).order_by("pk")
    }


def test_each_step_of_a_pledge_is_told_in_the_readers_language(world: dict) -> None:
    request = _request(world)
    requester, staff = world["surabaya_member"], world["aspac_staff"]
    requester.preferred_language = "id"
    requester.save()
    staff.preferred_language = "es"
    staff.save()
    pledger = world["semarang_member"]
    with translation.override("en"):
        pledge = services.pledge_create(
            actor=pledger,
            item=request.items.get(),
            local_government=world["semarang"],
            quantity=200,
        )
    told = _told()
    assert set(told) == {requester.username, staff.username}  # not the pledging side
    assert "Semarang" in told[requester.username] and "200 boxes" in told[requester.username]
    assert told[staff.username].startswith("Semarang prometió 200 boxes de Masks")
    assert told[requester.username].startswith("Semarang menjanjikan 200 boxes Masks")
    url = f"/exchange/solidarity/{request.pk}/"
    assert set(Notification.objects.values_list("url", flat=True)) == {url}

    Notification.objects.all().delete()
    services.pledge_advance(actor=pledger, pledge=pledge, status="shipped")
    assert set(_told()) == {requester.username, staff.username}
    assert "Semarang mengirim 200 boxes Masks" in _told()[requester.username]

    Notification.objects.all().delete()
    services.pledge_advance(actor=requester, pledge=pledge, status="received")
    told = _told()
    assert set(told) == {pledger.username, staff.username}
    assert told[pledger.username] == "Surabaya received 200 boxes of Masks from Semarang (“Masks”)"
    # The link opens the request, where the requester acts on the pledge.
    client = Client()
    client.force_login(pledger)
    mine = Notification.objects.get(recipient=pledger)
    landing = client.get(f"/community/notifications/{mine.pk}/")
    assert landing["Location"] == url
    assert client.get(url).status_code == 200
