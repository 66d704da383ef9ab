# ruff: noqa: F811
"""My Ponte: after signing in a person lands on their own page, which shows what waits for
them: drafts (with a reviewer's comment in full), needs with new matches, interests,
conversations, pledges, the queues of network staff, and a new focal point's first steps."""

from __future__ import annotations

from typing import Any

from django.test import Client

from ponte.accounts.models import Role
from ponte.exchange import services as exchange
from ponte.knowledge import services as knowledge
from ponte.matching import services as matching
from tests.factories import PASSWORD, ItemFactory, UserFactory

# The library's small world, in place of tests/site's permission world, and the matching
# setting on top of it; tests name them as parameters (hence F811).
from tests.knowledge.conftest import world  # noqa: F401
from tests.matching.test_services import setting  # noqa: F401


def _page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/me/")
    assert response.status_code == 200
    return response.content.decode()


def test_signing_in_lands_on_my_ponte(world: dict) -> None:
    member = world["surabaya_member"]
    response = Client().post(
        "/accounts/login/", {"username": member.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/me/"


def test_returned_work_shows_the_reviewers_comment_in_full(world: dict) -> None:
    member, staff = world["surabaya_member"], world["aspac_staff"]
    comment = "Add the budget and who ran it.\nThe photos need captions."
    item = ItemFactory(owner=world["surabaya"], status="draft", title="Rain gardens")
    knowledge.item_transition(actor=member, item=item, action="submit")
    knowledge.item_transition(actor=staff, item=item, action="return", comment=comment)
    need = exchange.need_create(
        actor=member,
        local_government=world["surabaya"],
        data={"title": "Flood maps", "description": "We need maps.", "language": "en"},
    )
    exchange.post_transition(actor=member, post=need, action="submit")
    exchange.post_transition(actor=staff, post=need, action="return", comment="Say which river.")
    page = _page(member)
    assert "Rain gardens" in page and f'href="/library/{item.slug}/"' in page
    assert "Add the budget and who ran it.<br>The photos need captions." in page
    assert "Flood maps" in page and "Say which river." in page
    assert page.count("Returned by the reviewer:") == 2
    # Someone else's draft is not theirs.
    assert "Rain gardens" not in _page(world["semarang_member"])


def test_a_new_focal_point_sees_first_steps_ticked_from_real_data(world: dict) -> None:
    newcomer = UserFactory(role=Role.MEMBER, local_government=world["semarang"])
    page = _page(newcomer)
    assert "First steps" in page
    assert '<a href="/directory/semarang/edit/">Complete your local government' in page
    assert '<a href="/library/new/">Publish a first practice</a>' in page
    assert '<a href="/exchange/needs/new/">Post a need</a>' in page
    ItemFactory(owner=world["semarang"], status="published", type="practice")
    page = _page(newcomer)
    assert '<a href="/library/new/">Publish a first practice</a>' not in page
    assert "Done:</span> Publish a first practice" in page


def test_a_pending_affiliation_is_told_before_any_form(world: dict) -> None:
    waiting = UserFactory(role=Role.MEMBER, requested_local_government=world["recife"])
    assert "Your request to act for Recife waits for its network" in _page(waiting)
    client = Client()
    client.force_login(waiting)
    forms = ("/library/new/", "/exchange/needs/new/", "/exchange/offers/new/")
    for url in (*forms, "/exchange/solidarity/new/"):
        form_page = client.get(url).content.decode()
        assert "Your request to act for Recife waits" in form_page, url
        assert '<form method="post" novalidate class="item-form">' not in form_page, url
    # A confirmed focal point gets the form.
    member = Client()
    member.force_login(world["surabaya_member"])
    assert "Save draft" in member.get("/exchange/needs/new/").content.decode()


def test_staff_see_their_queues_with_counts(world: dict) -> None:
    UserFactory(role=Role.MEMBER, requested_local_government=world["surabaya"])
    item = ItemFactory(owner=world["surabaya"], status="draft")
    knowledge.item_transition(actor=world["surabaya_member"], item=item, action="submit")
    page = _page(world["aspac_staff"])
    assert 'Library review queue</a> <span class="badge">1</span>' in page
    assert 'Affiliation requests</a> <span class="badge">1</span>' in page
    assert "Waiting for you" not in _page(world["surabaya_member"])


def test_needs_show_new_matches_and_interests_are_counted(setting: dict) -> None:
    recife = setting["recife_member"]
    page = _page(recife)
    assert f'href="/exchange/needs/{setting["need"].pk}/">Bancos de reciclagem' in page
    assert "new match" in page
    matching.interest_express(
        actor=recife,
        local_government=setting["recife"],
        need=setting["need"],
        candidate_key=f"practice:{setting['bank'].pk}",
    )
    assert "1 sent, waiting for an answer" in _page(recife)
    assert "1 to answer" in _page(setting["semarang_member"])
