"""Events written through the API (issue 12): the web's services and permissions, a retried
create that writes once, edits that say which version they change (ETag / If-Match), and
registration that answers whether one got a seat or a place on the waiting list."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ponte.accounts.services import api_token_create
from ponte.events.models import Event, Registration, Status
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.django_db

START = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
EVENT = {
    "kind": "webinar",
    "title": "Flood early warning for coastal cities",
    "language": "en",
    "starts_at": START.isoformat(),
    "ends_at": (START + timedelta(hours=2)).isoformat(),
    "timezone": "Asia/Jakarta",
    "mode": "online",
    "meeting_url": "https://meet.example.org/flood",
    "themes": ["climate-finance"],
}


def _bearer(user: Any, scope: str) -> dict[str, str]:
    secret = api_token_create(actor=user, name=f"sync-{scope}", scope=scope, expires_at=None)[1]
    return {"Authorization": f"Bearer {secret}"}


def _send(method: str, path: str, body: Any = None, **headers: str) -> Any:
    return Client().generic(
        method,
        path,
        json.dumps(body if body is not None else {}),
        content_type="application/json",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    )


def test_a_write_token_drafts_and_edits_an_event(ew: EventWorld) -> None:
    token = _bearer(ew.jakarta_member, "write")
    created = _send("POST", "/api/v1/events", EVENT, **token, **{"Idempotency-Key": "ev-1"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["organisers"] == ["jakarta"]
    assert body["themes"] == ["climate-finance"] and body["version"] == 1
    again = _send("POST", "/api/v1/events", EVENT, **token, **{"Idempotency-Key": "ev-1"})
    assert again.status_code == 201 and again.json()["id"] == body["id"]
    assert Event.objects.count() == 1

    url = f"/api/v1/events/{body['id']}"
    read = Client().get(url, **{"HTTP_AUTHORIZATION": token["Authorization"]})
    assert read.status_code == 200 and read["ETag"] == '"1"'
    edited = _send(
        "PATCH",
        url,
        {"title": "Flood warnings", "capacity": 2},
        **token,
        **{"If-Match": read["ETag"]},
    )
    assert edited.status_code == 200, edited.content
    assert edited["ETag"] == '"2"' and edited.json()["title"] == "Flood warnings"
    assert edited.json()["capacity"] == 2

    published = _send("POST", f"{url}/publish", **token)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert Client().get(url).status_code == 200  # visible to anyone now


def test_a_read_token_may_not_write(ew: EventWorld) -> None:
    token = _bearer(ew.jakarta_member, "read")
    refused = _send("POST", "/api/v1/events", EVENT, **token)
    assert refused.status_code == 403
    assert Event.objects.count() == 0


def test_a_stale_if_match_writes_nothing(ew: EventWorld) -> None:
    event = ew.event()
    token = _bearer(ew.jakarta_member, "write")
    url = f"/api/v1/events/{event.pk}"
    tag = Client().get(url)["ETag"]
    first = _send("PATCH", url, {"title": "First edit"}, **token, **{"If-Match": tag})
    assert first.status_code == 200, first.content
    stale = _send("PATCH", url, {"title": "Lost update"}, **token, **{"If-Match": tag})
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    missing = _send("PATCH", url, {"title": "No version"}, **token)
    assert missing.status_code == 428
    assert Event.objects.get(pk=event.pk).title == "First edit"


def test_someone_not_an_organiser_is_refused(ew: EventWorld) -> None:
    event = ew.event()
    token = _bearer(ew.manila_member, "write")
    url = f"/api/v1/events/{event.pk}"
    edit = _send("PATCH", url, {"version": event.version, "title": "Taken over"}, **token)
    assert edit.status_code == 403
    cancel = _send("POST", f"{url}/cancel", {"reason": "No"}, **token)
    assert cancel.status_code == 403
    in_their_name = _send(
        "POST", "/api/v1/events", {**EVENT, "local_governments": ["jakarta"]}, **token
    )
    assert in_their_name.status_code == 403
    stored = Event.objects.get(pk=event.pk)
    assert stored.title == event.title and stored.status == Status.PUBLISHED
    assert Event.objects.count() == 1


def test_past_capacity_one_lands_on_the_waiting_list(ew: EventWorld) -> None:
    event = ew.event(capacity=1)
    first, second = ew.people(2)
    url = f"/api/v1/events/{event.pk}/registrations"
    seat = _send("POST", url, {}, **_bearer(first, "write"))
    assert seat.status_code == 201, seat.content
    assert seat.json()["status"] == "confirmed"
    second_token = _bearer(second, "write")
    waiting = _send("POST", url, {}, **second_token)
    assert waiting.status_code == 201 and waiting.json()["status"] == "waiting"
    twice = _send("POST", url, {}, **second_token)
    assert twice.status_code == 409

    gave_up = _send("DELETE", url, **_bearer(first, "write"))
    assert gave_up.status_code == 200 and gave_up.json()["status"] == "cancelled"
    moved = Registration.objects.get(event=event, user=second)
    assert moved.status == Registration.Status.CONFIRMED  # the first one waiting moved up


@pytest.mark.parametrize("body", [5, "cancel", [], None])
def test_a_body_that_is_not_an_object_cancels_nothing(ew: EventWorld, body: Any) -> None:
    # Found by schemathesis: ninja's schemas read fields off any value, so `5` passed as a
    # cancellation with no reason.
    token = _bearer(ew.jakarta_member, "write")
    created = _send("POST", "/api/v1/events", EVENT, **token).json()
    url = f"/api/v1/events/{created['id']}"
    assert _send("POST", f"{url}/publish", **token).status_code == 200
    response = Client().post(
        f"{url}/cancel",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=token["Authorization"],
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert Event.objects.get(pk=created["id"]).status == Status.PUBLISHED
