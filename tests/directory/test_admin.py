"""The admin's forms stay light: reference tables with thousands of rows (languages, countries)
are chosen by autocomplete, not rendered as one select of every row."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.accounts.models import Role
from ponte.directory.models import Language
from tests.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    admin = UserFactory(role=Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_the_network_form_does_not_list_every_language(admin_client: Client) -> None:
    assert Language.objects.count() > 7000
    network = NetworkFactory(name="UCLG ASPAC")
    network.working_languages.set(Language.objects.filter(code__in=["en", "id"]))
    for url in ("/admin/directory/network/add/", f"/admin/directory/network/{network.pk}/change/"):
        page = admin_client.get(url).content.decode()
        assert page.count("<option") < 100, url
        assert 'class="admin-autocomplete' in page
    page = admin_client.get(f"/admin/directory/network/{network.pk}/change/").content.decode()
    assert "Indonesian" in page and "English" in page  # what is chosen is still shown
    found = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "directory",
            "model_name": "network",
            "field_name": "working_languages",
            "term": "Indonesian",
        },
    ).json()
    assert "Indonesian" in [row["text"] for row in found["results"]]


def test_the_programme_form_picks_countries_and_networks_by_autocomplete(
    admin_client: Client,
) -> None:
    page = admin_client.get("/admin/cooperation/programme/add/").content.decode()
    assert page.count("<option") < 100
