"""A network is a party too: its staff answer interest in its offers and talk with the city
in the conversation that follows; a peer interest is sent once."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.community.models import Notification
from ponte.exchange import services as exchange
from ponte.matching import services
from ponte.matching.models import Interest
from ponte.matching.selectors import peers_for
from ponte.matching.world import reset
from ponte.search.services import reindex
from tests.factories import UserFactory


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def network_offer(world):  # type: ignore[no-untyped-def]
    """Recife (a MERCOCIUDADES member) needs help on recycling; MERCOCIUDADES offers it."""
    reset()
    need = exchange.need_create(
        actor=SYSTEM,
        local_government=world["recife"],
        data={
            "title": "Bancos de reciclagem nos bairros",
            "description": "Queremos que as famílias separem o lixo e economizem dinheiro.",
            "language": "pt",
            "themes": ["waste"],
            "status": "open",
        },
    )
    offer = exchange.offer_create(
        actor=SYSTEM,
        provider=exchange.Provider(network=world["merco"]),
        data={
            "title": "Intercambio sobre bancos de reciclaje",
            "description": "Las ciudades de la red comparten cómo organizar bancos de reciclaje.",
            "language": "es",
            "themes": ["waste"],
            "status": "open",
        },
    )
    reindex()
    recife_member = UserFactory(role=Role.MEMBER, local_government=world["recife"])
    return {"need": need, "offer": offer, "recife_member": recife_member, **world}


def test_network_staff_answer_interest_in_their_offer_and_join_the_conversation(
    network_offer,  # type: ignore[no-untyped-def]
) -> None:
    world = network_offer
    city, staff = _client(world["recife_member"]), _client(world["merco_staff"])
    response = city.post(
        "/matching/interest/",
        {
            "need": world["need"].pk,
            "candidate_key": f"offer:{world['offer'].pk}",
            "message": "Hola",
        },
    )
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert interest.to_network == world["merco"]

    # The staff's notification opens their interests page, with the interest to answer.
    notice = Notification.objects.get(recipient=world["merco_staff"], kind="interest")
    page = staff.get(notice.url)
    assert page.status_code == 200
    assert "Intercambio sobre bancos de reciclaje" in page.content.decode()
    # Staff of another network see nothing to answer.
    other = _client(world["aspac_staff"]).get(notice.url)
    assert "Intercambio sobre bancos de reciclaje" not in other.content.decode()

    response = staff.post(f"/matching/interests/{interest.pk}/accept/", {"note": "¡Claro!"})
    assert response.status_code == 302
    interest.refresh_from_db()
    conversation = interest.conversation
    assert conversation is not None
    assert list(conversation.networks.all()) == [world["merco"]]

    # The city writes; MERCOCIUDADES's staff are told and read it.
    url = f"/community/conversations/{conversation.pk}/"
    assert city.post(url, {"body": "¿Cuándo empezamos?"}).status_code == 302
    told = Notification.objects.filter(recipient=world["merco_staff"], kind="message")
    assert told.count() == 1 and told.get().url == url
    page = staff.get(url).content.decode()
    assert "¿Cuándo empezamos?" in page and "Recife" in page and "MERCOCIUDADES" in page

    # Staff answer in the network's name; the city is told.
    assert staff.post(url, {"body": "En marzo."}).status_code == 302
    assert Notification.objects.filter(recipient=world["recife_member"], kind="message").exists()
    assert [m.network for m in conversation.messages.order_by("pk")][-1] == world["merco"]
    # Nobody else reads it.
    assert _client(world["aspac_staff"]).get(url).status_code == 404


def test_a_peer_interest_is_sent_once_and_shown_as_sent(world) -> None:  # type: ignore[no-untyped-def]
    reset()
    reindex()
    surabaya = _client(world["surabaya_member"])
    peer = peers_for(world["surabaya"])["peers"][0]
    first = surabaya.post("/matching/interest/", {"candidate_key": peer["key"]})
    assert first.status_code == 302
    page = surabaya.get("/matching/peers/surabaya/").content.decode()
    assert f'value="{peer["key"]}"' not in page  # no button to send it again
    assert "Interest sent, waiting for an answer." in page
    notified = Notification.objects.filter(kind="interest").count()
    second = surabaya.post("/matching/interest/", {"candidate_key": peer["key"]})
    assert second.status_code == 400
    assert Interest.objects.count() == 1
    assert Notification.objects.filter(kind="interest").count() == notified
    with pytest.raises(Exception, match="already"):
        services.interest_express(
            actor=world["surabaya_member"],
            local_government=world["surabaya"],
            candidate_key=peer["key"],
        )
