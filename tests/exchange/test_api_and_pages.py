"""The exchange over HTTP: lists show what a visitor may see, errors are 4xx with a message,
pages and the feed render, and forms write through services."""

from __future__ import annotations

import pytest

from ponte.accounts.permissions import SYSTEM
from ponte.exchange import services
from ponte.exchange.models import Need, PostStatus


@pytest.fixture
def posts(world):  # type: ignore[no-untyped-def]
    base = {"description": "Details.", "language": "en", "themes": ["water"]}
    open_need = services.need_create(
        actor=SYSTEM,
        local_government=world["recife"],
        data={**base, "title": "Open need about water", "status": "open"},
    )
    draft = services.need_create(
        actor=SYSTEM, local_government=world["surabaya"], data={**base, "title": "Draft need"}
    )
    masks = services.solidarity_request_create(
        actor=SYSTEM,
        local_government=world["recife"],
        data={"title": "Masks", "description": "x", "language": "pt", "delivery_place": "Hall"},
        items=[{"name": "Masks", "quantity": 100, "unit": "boxes"}],
    )
    services.pledge_create(
        actor=SYSTEM, item=masks.items.get(), local_government=world["surabaya"], quantity=40
    )
    return {"open": open_need, "draft": draft, "masks": masks}


def test_api_lists_open_needs_and_hides_drafts(client, posts) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/needs").json()
    assert [n["title"] for n in body["results"]] == ["Open need about water"]
    assert body["results"][0]["themes"] == ["water"]
    assert client.get(f"/api/v1/needs/{posts['draft'].pk}").status_code == 404
    assert client.get("/api/v1/needs?status=bogus").status_code == 400
    assert client.get("/api/v1/offers").json()["count"] == 0


def test_api_shows_what_solidarity_requests_still_miss(client, posts) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/solidarity-requests/{posts['masks'].pk}").json()
    item = body["items"][0]
    assert (item["quantity"], item["committed"], item["missing"]) == ("100.00", "40.00", "60.00")
    assert client.get("/api/v1/solidarity-requests?status=nope").status_code == 400


def test_pages_and_feed(client, posts, world) -> None:  # type: ignore[no-untyped-def]
    assert "Open need about water" in client.get("/exchange/needs/").content.decode()
    assert client.get(f"/exchange/needs/{posts['draft'].pk}/").status_code == 404
    assert client.get("/exchange/needs/?region=mars").status_code == 400
    feed = client.get("/exchange/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Open need about water" in feed.content.decode()
    page = client.get(f"/exchange/solidarity/{posts['masks'].pk}/").content.decode()
    assert "60" in page and "Surabaya" in page


def test_a_member_posts_a_need_through_the_form(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    bad = client.post("/exchange/needs/new/", {"title": "", "description": "", "language": "en"})
    assert bad.status_code == 400
    response = client.post(
        "/exchange/needs/new/",
        {
            "title": "Mangrove nurseries",
            "description": "How do you run a nursery?",
            "language": "en",
            "themes": ["ecosystems"],
            "sdg_targets": "14.2, 99.9",
            "formats": ["webinar"],
        },
    )
    assert response.status_code == 400
    assert "99.9" in response.content.decode()
    assert Need.objects.count() == 0
    response = client.post(
        "/exchange/needs/new/",
        {
            "title": "Mangrove nurseries",
            "description": "How do you run a nursery?",
            "language": "en",
            "themes": ["ecosystems"],
            "sdg_targets": "14.2",
            "formats": ["webinar"],
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302 and need.status == PostStatus.DRAFT
    assert need.local_government == world["surabaya"]


def test_over_pledge_in_the_form_asks_for_confirmation(client, posts, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["semarang_member"])
    item = posts["masks"].items.get()
    url = f"/exchange/solidarity/{posts['masks'].pk}/pledge/"
    response = client.post(url, {"item": item.pk, "quantity": "80"})
    assert response.status_code == 400
    assert "Pledge more than is still missing" in response.content.decode()
    assert item.pledges.count() == 1
    response = client.post(url, {"item": item.pk, "quantity": "80", "confirm_over": "on"})
    assert response.status_code == 302 and item.pledges.count() == 2


def test_open_needs_are_searchable_and_drafts_are_not(client, posts) -> None:  # type: ignore[no-untyped-def]
    from ponte.search.services import reindex

    reindex()
    hits = client.get("/api/v1/search", {"q": "need water", "type": "need"}).json()["results"]
    titles = [hit["title"] for hit in hits]
    assert "Open need about water" in titles
    assert "Draft need" not in titles


def test_a_need_is_reviewed_through_the_pages(client, world) -> None:  # type: ignore[no-untyped-def]
    need = services.need_create(
        actor=world["surabaya_member"],
        local_government=world["surabaya"],
        data={"title": "Flood sirens", "description": "Which ones work?", "language": "en"},
    )
    url = f"/exchange/needs/{need.pk}/"
    client.force_login(world["surabaya_member"])
    assert "Submit for review" in client.get(url).content.decode()
    assert client.post(f"{url}submit/").url == url
    assert client.get("/exchange/review/").status_code == 403  # members do not review
    client.force_login(world["aspac_staff"])
    queue = client.get("/exchange/review/").content.decode()
    assert "Flood sirens" in queue and "Nothing is waiting for review." in queue  # no offers
    page = client.get(url).content.decode()
    assert "Approve and open" in page and "Comment to the authors" in page
    assert "Renew" not in page and ">Close<" not in page
    approved = client.post(f"{url}approve/", {"comment": "Clear."}, follow=True)
    assert approved.redirect_chain[-1][0] == "/exchange/review/"
    assert "Approved: it is open now." in approved.content.decode()
    need.refresh_from_db()
    assert need.status == PostStatus.OPEN and need.review_comment == "Clear."
    page = client.get(url).content.decode()
    assert ">Close<" in page and "Renew" not in page  # reviewers close, only authors renew
    client.force_login(world["surabaya_member"])
    page = client.get(url).content.decode()
    assert ">Close<" in page and ">Renew<" in page
    refused = client.post(f"{url}approve/", HTTP_ACCEPT_LANGUAGE="id")
    assert refused.status_code == 403
    assert "Hanya peninjau dari jaringan pemilik" in refused.content.decode()


MARKDOWN = (
    "We need **help** with:\n\n- pumps\n- [maps](https://example.org)\n\n<script>alert(1)</script>"
)


def _shows_markdown_as_html(page: str) -> None:
    assert "<strong>help</strong>" in page
    assert "<li>pumps</li>" in page
    assert "&lt;p&gt;" not in page and "&lt;strong&gt;" not in page
    assert "<script>alert" not in page  # raw HTML in the source never reaches the page


def test_need_offer_and_solidarity_pages_render_their_description_as_markdown(  # type: ignore[no-untyped-def]
    client, world
) -> None:
    base = {"description": MARKDOWN, "language": "en", "status": "open"}
    need = services.need_create(
        actor=SYSTEM, local_government=world["recife"], data={**base, "title": "Pumps wanted"}
    )
    offer = services.offer_create(
        actor=SYSTEM,
        provider=services.Provider(local_government=world["surabaya"]),
        data={**base, "title": "Pump training", "kind": "training"},
    )
    request_ = services.solidarity_request_create(
        actor=SYSTEM,
        local_government=world["recife"],
        data={
            "title": "Pumps",
            "description": MARKDOWN,
            "language": "en",
            "delivery_place": "Hall",
        },
        items=[{"name": "Pumps", "quantity": 3, "unit": "units"}],
    )
    for url in (
        f"/exchange/needs/{need.pk}/",
        f"/exchange/offers/{offer.pk}/",
        f"/exchange/solidarity/{request_.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _shows_markdown_as_html(response.content.decode())


def test_a_need_typed_in_the_form_shows_its_markdown(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    client.post(
        "/exchange/needs/new/",
        {"title": "Pumps wanted", "description": MARKDOWN, "language": "en", "themes": ["water"]},
    )
    need = Need.objects.get()
    _shows_markdown_as_html(client.get(f"/exchange/needs/{need.pk}/").content.decode())


@pytest.mark.parametrize("days", [30, 200])
def test_an_opened_need_is_open_until_the_deadline_its_author_set(client, world, days) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import formats, timezone

    deadline = timezone.localdate() + dt.timedelta(days=days)
    client.force_login(world["surabaya_member"])
    client.post(
        "/exchange/needs/new/",
        {
            "title": "Pumps wanted",
            "description": "Pumps.",
            "language": "en",
            "deadline": deadline.isoformat(),
        },
    )
    need = Need.objects.get()
    client.post(f"/exchange/needs/{need.pk}/submit/")
    client.force_login(world["aspac_staff"])
    client.post(f"/exchange/needs/{need.pk}/approve/", {"comment": ""})
    page = client.get(f"/exchange/needs/{need.pk}/").content.decode()
    shown = formats.date_format(deadline, "DATE_FORMAT")
    assert f"open until {shown}" in page
    assert f"Answer wanted by</dt><dd>{shown}" in page
