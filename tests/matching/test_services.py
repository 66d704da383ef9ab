"""Matching through the database: cross-language matches, interest → accept/decline, the
digest task, and the API and CLI answers."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.community.models import Conversation, Notification
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.exchange import services as exchange
from ponte.knowledge.models import Result
from ponte.matching import services
from ponte.matching.models import Interest
from ponte.matching.selectors import need_matches
from ponte.matching.world import reset
from ponte.search.services import reindex
from tests.factories import ItemFactory, UserFactory


@pytest.fixture
def setting(world):  # type: ignore[no-untyped-def]
    """Semarang published, in Indonesian, what Recife asks for in Portuguese."""
    reset()
    bank = ItemFactory(
        owner=world["semarang"],
        language_id="id",
        title="Bank sampah di setiap kelurahan",
        summary="Warga memilah sampah rumah tangga dan menabung hasil penjualan daur ulang.",
        external_id="bank-sampah",
    )
    bank.themes.set(["waste"])
    Result.objects.create(
        item=bank, indicator="Households saving", unit="households", achieved=4000
    )
    ItemFactory(
        owner=world["surabaya"],
        language_id="en",
        title="Night markets for street vendors",
        summary="Licensing street vendors in evening markets with lighting and toilets.",
    )
    need = exchange.need_create(
        actor=SYSTEM,
        local_government=world["recife"],
        data={
            "title": "Bancos de reciclagem nos bairros",
            "description": "Queremos que as famílias separem o lixo e economizem dinheiro "
            "com a venda de recicláveis.",
            "language": "pt",
            "themes": ["waste"],
            "status": "open",
        },
    )
    reindex()  # embeddings for the practices, as the background indexing would make them
    recife_member = UserFactory(
        role=Role.MEMBER, local_government=world["recife"], email="ana@recife.example"
    )
    return {"need": need, "bank": bank, "recife_member": recife_member, **world}


def test_a_portuguese_need_finds_an_indonesian_practice_with_reasons(setting) -> None:  # type: ignore[no-untyped-def]
    found = need_matches(setting["need"])
    assert found["practice"][0]["key"] == f"practice:{setting['bank'].pk}"
    reasons = {f["factor"]: f["reason"] for f in found["practice"][0]["factors"]}
    assert "Waste" in reasons["themes"]
    assert "across languages" in reasons["text"]
    # Without the shared theme, the meaning of the texts alone still ranks it first.
    setting["need"].themes.clear()
    reset()
    assert need_matches(setting["need"])["practice"][0]["key"] == f"practice:{setting['bank'].pk}"
    place = found["local_government"][0]
    assert place["title"] == "Semarang"
    assert any("Bank sampah" in f["reason"] for f in place["factors"])
    assert "Recife" not in [m["title"] for m in found["local_government"]]


def test_interest_accept_gives_contacts_and_a_private_conversation(setting) -> None:  # type: ignore[no-untyped-def]
    key = f"local_government:{setting['semarang'].pk}"
    with pytest.raises(PermissionDeniedError):
        services.interest_express(
            actor=setting["semarang_member"],
            local_government=setting["recife"],
            need=setting["need"],
            candidate_key=key,
        )
    interest = services.interest_express(
        actor=setting["recife_member"],
        local_government=setting["recife"],
        need=setting["need"],
        candidate_key=key,
        message="Podemos conversar?",
    )
    assert (
        interest.rank == 1
        and interest.factors
        and interest.to_local_government == setting["semarang"]
    )
    assert Notification.objects.filter(
        recipient=setting["semarang_member"], kind="interest"
    ).exists()
    with pytest.raises(ApplicationError, match="already"):
        services.interest_express(
            actor=setting["recife_member"],
            local_government=setting["recife"],
            need=setting["need"],
            candidate_key=key,
        )
    with pytest.raises(PermissionDeniedError):
        services.interest_decide(actor=setting["surabaya_member"], interest=interest, accept=True)
    accepted = services.interest_decide(
        actor=setting["semarang_member"], interest=interest, accept=True, note="Tentu!"
    )
    conversation = Conversation.objects.get(pk=accepted.conversation_id)
    assert set(conversation.local_governments.all()) == {setting["recife"], setting["semarang"]}
    assert [m.body for m in conversation.messages.all()] == ["Podemos conversar?", "Tentu!"]
    assert Notification.objects.filter(recipient=setting["recife_member"], kind="decision").exists()
    with pytest.raises(ApplicationError, match="already"):
        services.interest_decide(actor=setting["semarang_member"], interest=interest, accept=False)


def test_a_declined_interest_is_recorded_for_evaluation(setting) -> None:  # type: ignore[no-untyped-def]
    interest = services.interest_express(
        actor=setting["recife_member"],
        local_government=setting["recife"],
        need=setting["need"],
        candidate_key=f"practice:{setting['bank'].pk}",
    )
    services.interest_decide(actor=setting["semarang_member"], interest=interest, accept=False)
    assert Interest.objects.get().status == Interest.Status.DECLINED
    out = StringIO()
    call_command("match", "stats", "--json", stdout=out)
    assert json.loads(out.getvalue())["1-3"] == {
        "accepted": 0,
        "declined": 1,
        "pending": 0,
        "acceptance": 0.0,
    }


def test_unknown_matches_cannot_be_acted_on(setting) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError, match="no longer proposed"):
        services.interest_express(
            actor=setting["recife_member"],
            local_government=setting["recife"],
            need=setting["need"],
            candidate_key=f"local_government:{setting['recife'].pk}",
        )


def test_the_digest_sends_new_matches_once(setting) -> None:  # type: ignore[no-untyped-def]
    assert services.send_digests() == 1
    assert mail.outbox[0].to == ["ana@recife.example"]
    assert "Semarang" in mail.outbox[0].body and "Bank sampah" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=setting["recife_member"], kind="digest").exists()
    assert services.send_digests() == 0
    assert len(mail.outbox) == 1


def test_a_digest_run_again_after_a_crash_mails_nobody_twice(setting, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The digest task is re-run when its worker dies; a mail server failing half-way stands
    # in for the crash here.
    UserFactory(role=Role.MEMBER, local_government=setting["recife"], email="bia@recife.example")
    real_send_mail = services.send_mail
    sent: list[str] = []

    def send_then_fail(subject, body, sender, recipients):  # type: ignore[no-untyped-def]
        if sent:
            raise ConnectionError("the mail server went away")
        sent.extend(recipients)
        return real_send_mail(subject, body, sender, recipients)

    monkeypatch.setattr(services, "send_mail", send_then_fail)
    with pytest.raises(ConnectionError):
        services.send_digests()
    monkeypatch.setattr(services, "send_mail", real_send_mail)
    services.send_digests()
    recipients = [address for message in mail.outbox for address in message.to]
    assert len(recipients) == 1 and recipients == sent
    assert Notification.objects.filter(kind="digest").count() == 2  # both members, once


def test_match_command_and_api(setting, client) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("match", "need", str(setting["need"].pk), "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["practices"][0]["id"] == str(setting["bank"].pk)
    assert payload["practices"][0]["factors"][0]["reason"]
    response = client.get(f"/api/v1/needs/{setting['need'].pk}/matches")
    assert response.status_code == 200
    assert response.json()["local_governments"][0]["title"] == "Semarang"
    peers = client.get(f"/api/v1/local-governments/{setting['semarang'].slug}/peers").json()
    assert setting["semarang"].name not in [p["title"] for p in peers["peers"]]
    assert client.get("/api/v1/needs/999999/matches").status_code == 404
    with pytest.raises(Exception, match="No need"):
        call_command("match", "need", "999999")


def test_only_an_accepted_match_becomes_a_partnership_once(setting) -> None:  # type: ignore[no-untyped-def]
    from ponte.community.services import message_post
    from ponte.cooperation import services as cooperation

    interest = services.interest_express(
        actor=setting["recife_member"],
        local_government=setting["recife"],
        need=setting["need"],
        candidate_key=f"local_government:{setting['semarang'].pk}",
    )
    with pytest.raises(ApplicationError, match="accepted"):
        cooperation.partnership_from_interest(
            actor=setting["recife_member"], interest=interest, title="x", kind="mou"
        )
    interest = services.interest_decide(
        actor=setting["semarang_member"], interest=interest, accept=True
    )
    with pytest.raises(PermissionDeniedError):
        message_post(
            actor=setting["surabaya_member"], conversation=interest.conversation, body="Hi"
        )
    message_post(actor=setting["recife_member"], conversation=interest.conversation, body="Olá")
    assert Notification.objects.filter(
        recipient=setting["semarang_member"], kind="message"
    ).exists()
    partnership = cooperation.partnership_from_interest(
        actor=setting["recife_member"], interest=interest, title="Waste banks", kind="mou"
    )
    assert partnership.origin_interest == interest
    assert {p.local_government for p in partnership.participants.all()} == {
        setting["recife"],
        setting["semarang"],
    }
    with pytest.raises(ApplicationError, match="already"):
        cooperation.partnership_from_interest(
            actor=setting["recife_member"], interest=interest, title="Again", kind="mou"
        )
    with pytest.raises(PermissionDeniedError):
        cooperation.project_create(
            actor=setting["surabaya_member"], partnership=partnership, title="Not mine"
        )
    project = cooperation.project_create(
        actor=setting["recife_member"], partnership=partnership, title="Pilot", funder="CUF"
    )
    roles = sorted((o.role, o.name) for o in project.organisations.all())
    assert roles == [(1, "CUF"), (4, "Recife"), (4, "Semarang")]


def test_reasons_quote_the_profile_population_in_the_readers_format(setting, client) -> None:  # type: ignore[no-untyped-def]
    # 8,540,121 came back from a float32 logarithm as 8,540,124.
    setting["semarang"].population = 8_540_121
    setting["semarang"].save()
    reset()
    url = f"/matching/needs/{setting['need'].pk}/"
    english = client.get(url).content.decode()
    assert "Semarang has 8,540,121 people" in english
    indonesian = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "8.540.121" in indonesian
    assert "8,540,12" not in indonesian
    assert "+0,00" not in indonesian and "+0.00" not in english


def test_reasons_that_add_nothing_visible_are_left_out(world) -> None:  # type: ignore[no-untyped-def]
    from ponte.matching.engine import Factor, Match
    from ponte.matching.reasons import explained

    match = Match(
        kind="local_government",
        key=f"local_government:{world['semarang'].pk}",
        title="Semarang",
        place=world["semarang"].pk,
        score=0.5,
        factors=[
            Factor(code="themes", value=1.0, contribution=0.3, detail={"themes": ["waste"]}),
            Factor(code="time_zone", value=0.02, contribution=0.0008, detail={"hours": 0.2}),
            Factor(code="new_partner", value=1.0, contribution=0.0049, detail={}),
        ],
    )
    [row] = explained([match])
    assert [f["factor"] for f in row["factors"]] == ["themes"]
