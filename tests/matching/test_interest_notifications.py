# ruff: noqa: F811
"""Interest, acceptance and decline are told to the side that waits on them, each in their own
language whoever acted, with a link to the interests page where they answer or follow up."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from ponte.community.models import Notification
from ponte.matching import services
from tests.matching.test_services import setting  # noqa: F401


def _told(user, kind: str) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=user, kind=kind).order_by("pk"))


def test_interest_accept_and_decline_reach_the_right_people_in_their_language(setting) -> None:  # type: ignore[no-untyped-def]
    recife, semarang = setting["recife_member"], setting["semarang_member"]
    recife.preferred_language = "pt"
    recife.save()
    semarang.preferred_language = "id"
    semarang.save()
    with translation.override("en"):
        practice = services.interest_express(
            actor=recife,
            local_government=setting["recife"],
            need=setting["need"],
            candidate_key=f"practice:{setting['bank'].pk}",
        )
        peer = services.interest_express(
            actor=recife,
            local_government=setting["recife"],
            need=setting["need"],
            candidate_key=f"local_government:{setting['semarang'].pk}",
        )
    told = _told(semarang, "interest")
    assert [n.text for n in told] == [
        f"Recife berminat pada “{practice.candidate_title}”",
        f"Recife berminat pada “{peer.candidate_title}”",
    ]
    assert not _told(setting["surabaya_member"], "interest")  # not theirs to answer
    assert not _told(recife, "interest")
    answer = Client()
    answer.force_login(semarang)
    landing = answer.get(f"/community/notifications/{told[0].pk}/")
    assert landing["Location"] == "/matching/interests/"
    assert practice.candidate_title in answer.get("/matching/interests/").content.decode()

    with translation.override("en"):
        services.interest_decide(actor=semarang, interest=practice, accept=True)
        services.interest_decide(actor=semarang, interest=peer, accept=False)
    decisions = _told(recife, "decision")
    assert [n.text for n in decisions] == [
        f"Semarang aceitou seu interesse em “{practice.candidate_title}”",
        f"Semarang recusou seu interesse em “{peer.candidate_title}”",
    ]
    assert {n.url for n in decisions} == {"/matching/interests/"}
    assert not _told(semarang, "decision")
