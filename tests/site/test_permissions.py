"""The permission matrix (issue 11): every page and API operation, asked by anonymous visitors,
members of the owning local government and of others, staff of the owning network and of
others, and a platform administrator.

Allowed: the page opens, or the write happens. Refused: 403 or 404, and a 403 says why in the
reader's language (every request here reads Spanish); a visitor on a page for signed-in people
is sent to sign in (401 in the API). A refused write changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from ponte.core.access import Access, access_of
from tests.site.permission_table import (
    API,
    OWNER_READ,
    REVIEWER_WRITE,
    ROWS,
    STAFF_WRITE,
    WEB,
    Row,
    kind,
)
from tests.site.reading import (
    api_operations,
    is_api_operation,
    refusal_messages,
    says_in_spanish,
    url_patterns,
)
from tests.site.world import ACTORS, World

pytestmark = pytest.mark.django_db


# The table covers everything ----------------------------------------------------------------


def test_the_table_has_a_row_for_every_page() -> None:
    pages = {
        name
        for route, name, view in url_patterns()
        if not route.startswith("admin/") and not is_api_operation(view)
    }
    assert "" not in pages, "every page has a name, so the table can list it"
    listed = {row.name for row in WEB}
    assert pages - listed == set(), "pages without a row in tests/site/permission_table.py"
    assert listed - pages == set(), "rows for pages that no longer exist"


def test_the_table_has_a_row_for_every_api_operation() -> None:
    operations = set(api_operations())
    listed = {row.name for row in API}
    assert operations - listed == set(), "operations without a row in permission_table.py"
    assert listed - operations == set(), "rows for operations that no longer exist"


def test_each_row_is_one_case() -> None:
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids)), "rows of one URL need a `case` that tells them apart"
    for row in ROWS:
        if row.method != "GET" and not row.is_api and row.state is None:
            # A write without something to look at could pass without writing.
            assert row.name in {"set_language", "accounts:logout", "knowledge:preview"}, row.id


# Every row, every actor ----------------------------------------------------------------------


def _ask(client: Client, row: Row, world: World, actor: Any) -> Any:
    url = row.url(world)
    data = row.data(world, actor) if row.data else {}
    if row.method == "GET":
        return client.get(url)
    if row.is_api:
        return client.generic(row.method, url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def _needs_sign_in(row: Row, world: World) -> bool:
    if row.is_api:
        return bool(api_operations()[row.name].auth_callbacks)
    view = resolve(row.url(world).split("?")[0]).func
    return access_of(view) not in (None, Access.PUBLIC)


def _client(actor: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    if actor is not None:
        client.force_login(actor)
    return client


@pytest.mark.parametrize(
    ("row", "actor_name"),
    [pytest.param(row, actor, id=f"{row.id}-{actor}") for row in ROWS for actor in ACTORS],
)
def test_permission(world: World, row: Row, actor_name: str) -> None:
    actor = world.actor(actor_name)
    client = _client(actor)
    before = row.state(world, actor) if row.state else None
    response = _ask(client, row, world, actor)
    after = row.state(world, actor) if row.state else None
    status = response.status_code
    login = reverse("accounts:login")

    if actor_name in row.kind.actors:
        if row.is_api:
            assert status in (200, 201), (status, response.content[:300])
        else:
            assert status in (200, 302), (status, refusal_messages(response))
            if status == 302:
                assert not response["Location"].startswith(login)
        if row.state is not None:
            assert after != before, "allowed, but the write did not happen"
        return

    assert after == before, "refused, yet something changed"
    if actor is None and _needs_sign_in(row, world):
        if row.is_api:
            assert status == 401
            assert says_in_spanish(response), refusal_messages(response)
        else:
            assert status == 302 and response["Location"].startswith(login)
        return
    assert status in (403, 404), (status, refusal_messages(response)[:3])
    if status == 403:
        assert says_in_spanish(response), refusal_messages(response)


# Lists show what their reader may see, as the pages and operations above do -----------------


NETWORK_INTEREST = kind("network-interest", "owner_member", "partner_staff")
LISTS = [
    ("/library/?status=draft", "Flood warnings (draft)", OWNER_READ),
    ("/api/v1/items?status=draft", "Flood warnings (draft)", OWNER_READ),
    ("/api/v1/items/export?format=csv", "Flood warnings (draft)", OWNER_READ),
    ("/exchange/needs/?status=draft", "Need draft of Surabaya", OWNER_READ),
    ("/api/v1/needs?status=all", "Need draft of Surabaya", OWNER_READ),
    ("/exchange/offers/?status=draft", "Offer draft of Surabaya", OWNER_READ),
    ("/api/v1/offers?status=all", "Offer draft of Surabaya", OWNER_READ),
    ("/library/review/", "Flood warnings (submitted)", REVIEWER_WRITE),
    ("/exchange/review/", "Need submitted of Surabaya", REVIEWER_WRITE),
    # Sent by Surabaya, received by Mercociudades for its offer.
    ("/matching/interests/", "Training on participatory budgets", NETWORK_INTEREST),
    ("/accounts/requests/", "dewi-asks-to-join", STAFF_WRITE),
]


@pytest.mark.parametrize(
    ("url", "text", "kind", "actor_name"),
    [
        pytest.param(url, text, kind, actor, id=f"{url}-{actor}")
        for url, text, kind in LISTS
        for actor in ACTORS
    ],
)
def test_lists_hold_what_their_reader_may_see(
    world: World, url: str, text: str, kind: Any, actor_name: str
) -> None:
    response = _client(world.actor(actor_name)).get(url)
    if response.status_code != 200:  # a page for staff or signed-in people, refused
        assert actor_name not in kind.actors
        return
    assert (text in _body(response)) == (actor_name in kind.actors)


# The case the issue names ------------------------------------------------------------------


@pytest.mark.parametrize("actor_name", ACTORS)
def test_a_match_is_private_to_its_parties_and_their_networks_staff(
    world: World, actor_name: str
) -> None:
    """/cooperation/partnerships/from-match/<interest>/ shows a private match: the need, both
    parties. Only Surabaya and Recife, their networks' staff (and administrators) see it."""
    parties = {"owner_member", "partner_member", "owner_staff", "partner_staff", "admin"}
    url = reverse("cooperation:partnership-from-interest", args=[world.accepted.pk])
    response = _client(world.actor(actor_name)).get(url)
    if actor_name in parties:
        assert response.status_code == 200
        assert world.needs["open"].title in response.content.decode()
    elif actor_name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404
        assert world.needs["open"].title not in response.content.decode()


def _body(response: Any) -> str:
    """A page's text, or an export's (exports are streamed)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return str(response.content.decode())
