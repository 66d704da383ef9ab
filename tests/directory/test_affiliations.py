"""Becoming a focal point closes its loop: staff are told of a request, the person is told of
the answer (with the reason for a refusal) in their own language, and can ask again."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.accounts.models import Role, User
from ponte.community.models import Notification
from ponte.directory.models import LocalGovernment
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def surabaya() -> LocalGovernment:
    lg = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    MembershipFactory(local_government=lg, network=NetworkFactory(slug="uclg-aspac"))
    return lg


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_request_is_answered_and_each_side_is_told_in_their_language(
    surabaya: LocalGovernment, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    staff = UserFactory(
        role=Role.NETWORK_STAFF, network=surabaya.networks.get(), preferred_language="id"
    )
    outsider = UserFactory(role=Role.NETWORK_STAFF, network=NetworkFactory(slug="mercociudades"))
    visitor = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            "/accounts/signup/",
            {
                "username": "ana",
                "email": "ana@example.org",
                "password": "a long pass phrase 42",
                "local_government": surabaya.slug,
            },
        )
    assert response.status_code == 302
    ana = User.objects.get(username="ana")
    ana.preferred_language = "es"
    ana.save()

    # Staff of Surabaya's network are told, in Indonesian, with a link to the queue.
    told = Notification.objects.get(recipient=staff)
    assert told.text == "ana meminta menjadi focal point Surabaya"
    assert not Notification.objects.filter(recipient=outsider).exists()
    queue = _signed_in(staff).get(told.url).content.decode()
    assert "ana" in queue and "Surabaya" in queue

    # A refusal needs a reason; another network's staff may not refuse.
    assert _signed_in(staff).post(f"/accounts/requests/{ana.pk}/reject/").status_code == 400
    refused = _signed_in(outsider).post(f"/accounts/requests/{ana.pk}/reject/", {"reason": "No"})
    assert refused.status_code == 403
    ana.refresh_from_db()
    assert ana.requested_local_government == surabaya
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(staff).post(
            f"/accounts/requests/{ana.pk}/reject/",
            {"reason": "Use your work email at surabaya.go.id"},
        )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.requested_local_government is None and ana.local_government is None

    # Ana is told why, in Spanish, and lands where she can ask again.
    answer = Notification.objects.get(recipient=ana)
    assert answer.text == (
        "Se rechazó tu solicitud para ser punto focal de Surabaya: "
        "Use your work email at surabaya.go.id"
    )
    page = _signed_in(ana).get(answer.url)
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        again = _signed_in(ana).post(answer.url, {"local_government": surabaya.slug})
    assert again.status_code == 302
    assert Notification.objects.filter(recipient=staff).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert _signed_in(staff).post(f"/accounts/requests/{ana.pk}/approve/").status_code == 302
    ana.refresh_from_db()
    assert ana.local_government == surabaya
    latest = Notification.objects.filter(recipient=ana).latest("pk")
    assert "Ahora eres punto focal de Surabaya" in latest.text
    assert latest.url == f"/directory/{surabaya.slug}/"
