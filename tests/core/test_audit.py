"""Every write by a person is kept: who, what, when, the fields before and after; platform
administrators read it in the admin site, nobody else does."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client

from ponte.accounts.models import Role
from ponte.directory.models import LocalGovernment
from ponte.exchange.models import SolidarityItem
from tests.factories import LocalGovernmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entries(model: type, pk: int) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(model.objects.get(pk=pk)).order_by("pk"))


def test_an_edit_through_the_profile_form_keeps_who_before_and_after(client: Client) -> None:
    surabaya = LocalGovernmentFactory(city_name="Surabaya", description="Old text")
    dewi = UserFactory(role=Role.MEMBER, local_government=surabaya, username="dewi")
    client.force_login(dewi)
    response = client.post(
        f"/directory/{surabaya.slug}/edit/",
        {"version": "1", "description": "City of Heroes", "timezone": "Asia/Jakarta"},
    )
    assert response.status_code == 302
    edit = _entries(LocalGovernment, surabaya.pk)[-1]
    assert edit.action == LogEntry.Action.UPDATE
    assert edit.actor == dewi
    assert edit.changes_dict["description"] == ["Old text", "City of Heroes"]
    assert edit.timestamp is not None and edit.remote_addr == "127.0.0.1"


def test_an_api_edit_is_attributed_to_the_person_behind_it(client: Client) -> None:
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    dewi = UserFactory(role=Role.MEMBER, local_government=surabaya)
    client.force_login(dewi)
    response = client.patch(
        f"/api/v1/local-governments/{surabaya.slug}",
        {"version": 1, "website": "https://surabaya.go.id"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    edit = _entries(LocalGovernment, surabaya.pk)[-1]
    assert edit.actor == dewi
    assert edit.changes_dict["website"] == ["", "https://surabaya.go.id"]


def test_rows_written_in_bulk_by_a_person_are_kept_too(client: Client) -> None:
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    MembershipFactory(local_government=surabaya)
    dewi = UserFactory(role=Role.MEMBER, local_government=surabaya)
    client.force_login(dewi)
    response = client.post(
        "/exchange/solidarity/new/",
        {
            "title": "Flood relief",
            "description": "After the flood.",
            "language": "en",
            "delivery_place": "City hall",
            "items": "500; bottles; water\n20; pieces; tents",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    items = SolidarityItem.objects.all()
    assert items.count() == 2
    for item in items:
        (created,) = _entries(SolidarityItem, item.pk)
        assert created.action == LogEntry.Action.CREATE and created.actor == dewi


def test_writes_without_a_person_have_no_actor() -> None:
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    (created,) = _entries(LocalGovernment, surabaya.pk)
    assert created.action == LogEntry.Action.CREATE and created.actor is None


def test_passwords_are_not_kept() -> None:
    user = UserFactory()
    user.set_password("another secret phrase")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict


def test_only_platform_admins_read_the_log(client: Client) -> None:
    surabaya = LocalGovernmentFactory(city_name="Surabaya", name="Surabaya")
    url = "/admin/auditlog/logentry/"
    admin = UserFactory(role=Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(url, {"action__exact": "0"})
    assert page.status_code == 200 and "Surabaya" in page.content.decode()
    entry = LogEntry.objects.get_for_object(surabaya).get()
    assert client.get(f"{url}{entry.pk}/change/").status_code == 200

    # Staff of a network, even with the admin's "view log entry" permission, see nothing.
    staff = UserFactory(role=Role.NETWORK_STAFF, network=MembershipFactory().network)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        Permission.objects.get(codename="view_logentry", content_type__app_label="auditlog")
    )
    client.force_login(staff)
    assert client.get(url).status_code == 403
    assert client.get(f"{url}{entry.pk}/change/").status_code == 403
    assert "auditlog" not in client.get("/admin/").content.decode()

    client.force_login(UserFactory(role=Role.MEMBER))
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.logout()
    assert client.get(url).status_code == 302
