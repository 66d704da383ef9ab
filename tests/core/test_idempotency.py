"""A create sent again with the same Idempotency-Key returns the first answer instead of
writing twice; the write and its stored answer are committed together."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from ponte.core.models import IdempotencyKey
from ponte.knowledge.models import Item

NEW = {
    "title": "Flood early warning by SMS",
    "summary": "Alerts reach households.",
    "language": "en",
}


def _create(client: Client, body: dict[str, Any], key: str | None = "key-1") -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        "/api/v1/items", json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.mark.django_db
def test_a_retried_create_returns_the_first_answer_and_writes_once(
    client: Client, world: dict
) -> None:
    client.force_login(world["surabaya_member"])
    first = _create(client, NEW)
    again = _create(client, NEW)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Item.objects.count() == 1
    assert _create(client, NEW, key="key-2").status_code == 201
    assert _create(client, NEW, key=None).status_code == 201
    assert Item.objects.count() == 3


@pytest.mark.django_db
def test_the_same_key_for_another_request_is_a_conflict(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    _create(client, NEW)
    other = _create(client, {**NEW, "title": "Something else"})
    assert other.status_code == 409
    assert other["Content-Type"] == "application/problem+json"
    assert "Idempotency-Key" in other.json()["errors"]
    assert Item.objects.count() == 1


@pytest.mark.django_db
def test_keys_belong_to_their_user_and_expire(client: Client, world: dict) -> None:
    client.force_login(world["surabaya_member"])
    _create(client, NEW)
    client.force_login(world["semarang_member"])
    assert _create(client, NEW).status_code == 201
    assert Item.objects.count() == 2
    IdempotencyKey.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = _create(client, NEW)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Item.objects.count() == 3
    assert IdempotencyKey.objects.filter(user=world["semarang_member"]).count() == 1


@pytest.mark.django_db
def test_refusals_are_not_kept_so_a_corrected_request_can_use_the_key(
    client: Client, world: dict
) -> None:
    assert _create(client, NEW).status_code == 401
    client.force_login(world["surabaya_member"])
    assert _create(client, {**NEW, "language": "xx"}).status_code == 400
    assert _create(client, {**NEW, "title": ""}).status_code == 422
    assert not IdempotencyKey.objects.exists()
    assert _create(client, NEW).status_code == 201
    bad_keys = ("", "x" * 256, "ключ")
    for key in bad_keys:
        response = _create(client, NEW, key=key)
        assert response.status_code == 400, key
    assert Item.objects.count() == 1


@pytest.mark.django_db
def test_a_write_whose_answer_cannot_be_built_is_not_committed(
    client: Client, world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when the connection drops after the write: with a key, nothing is left behind, so
    the retry creates the item once; without one, the write stays and a retry duplicates it."""
    from ponte.knowledge import api

    calls = {"n": 0}
    real = api.selectors.item_detail

    def fails_once(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("connection lost")
        return real(*args, **kwargs)

    monkeypatch.setattr(api.selectors, "item_detail", fails_once)
    client.raise_request_exception = False
    client.force_login(world["surabaya_member"])
    assert _create(client, NEW).status_code == 500
    assert Item.objects.count() == 0
    assert _create(client, NEW).status_code == 201
    assert Item.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_time_write_once(reference_data: None) -> None:
    from ponte.accounts.models import Role
    from tests.factories import LocalGovernmentFactory, UserFactory

    member = UserFactory(
        role=Role.MEMBER, local_government=LocalGovernmentFactory(city_name="Surabaya")
    )
    start = threading.Barrier(4)
    answers: list[Any] = []

    def send() -> None:
        client = Client()
        client.force_login(member)
        start.wait()
        try:
            answers.append(_create(client, NEW, key="same"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201] * 4
    assert len({a.json()["slug"] for a in answers}) == 1
    assert Item.objects.count() == 1
