"""Directory pages as a visitor, member and staff see them."""

from __future__ import annotations

import pytest
from django.test import Client

from ponte.accounts.models import Role
from ponte.directory.models import Hazard
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    semarang = LocalGovernmentFactory(city_name="Semarang")
    rosario = LocalGovernmentFactory(city_name="Rosario")
    MembershipFactory(local_government=surabaya, network=aspac, since=2004)
    MembershipFactory(local_government=semarang, network=aspac)
    surabaya.hazards.add(Hazard.objects.get(slug="flood"))
    committee = CommitteeFactory(network=aspac, name="Climate Committee", slug="climate-committee")
    CommitteeMembershipFactory(committee=committee, local_government=surabaya)
    return {
        "aspac": aspac,
        "surabaya": surabaya,
        "semarang": semarang,
        "rosario": rosario,
        "committee": committee,
    }


def test_directory_lists_and_filters(client: Client, world: dict) -> None:
    page = client.get("/directory/").content.decode()
    assert "Surabaya" in page and "Rosario" in page and "3 local governments" in page
    page = client.get("/directory/", {"region": "latin-america"}).content.decode()
    assert "Rosario" in page and "Surabaya" not in page
    page = client.get("/directory/", {"hazard": "flood"}).content.decode()
    assert "Surabaya" in page and "Semarang" not in page


def test_htmx_request_gets_only_the_results(client: Client, world: dict) -> None:
    response = client.get(
        "/directory/", {"q": "sura"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    body = response.content.decode()
    assert "Surabaya" in body and "<html" not in body


def test_bad_filters_and_pages_are_refused_with_a_message(client: Client, world: dict) -> None:
    response = client.get("/directory/", {"population": "enormous"})
    assert response.status_code == 400
    assert "enormous" in response.content.decode()
    assert client.get("/directory/", {"page": "abc"}).status_code == 400
    assert client.get("/directory/", {"page": "99"}).status_code == 404  # past the last
    assert client.get("/directory/no-such-city/").status_code == 404


def test_profile_shows_the_record_and_hides_contacts_from_visitors(
    client: Client, world: dict
) -> None:
    surabaya = world["surabaya"]
    surabaya.focal_points.create(name="Dewi Lestari", email="dewi@example.org")
    page = client.get(f"/directory/{surabaya.slug}/").content.decode()
    assert (
        "Surabaya" in page
        and "Asia/Jakarta" in page
        and "UCLG ASPAC" in page
        and "since 2004" in page
    )
    assert "Climate Committee" in page
    assert "dewi@example.org" not in page and "Edit profile" not in page
    client.force_login(UserFactory(role=Role.MEMBER, local_government=surabaya))
    page = client.get(f"/directory/{surabaya.slug}/").content.decode()
    assert "dewi@example.org" in page and "Edit profile" in page


def test_member_edits_profile_through_the_form(client: Client, world: dict) -> None:
    surabaya = world["surabaya"]
    client.force_login(UserFactory(role=Role.MEMBER, local_government=surabaya))
    form = {
        "version": "1",
        "description": "City of Heroes",
        "hazards": ["flood", "heat"],
        "sdg_targets": "11.5, 13.1",
        "languages": ["id", "jv"],
        "timezone": "Asia/Jakarta",
        "website": "https://surabaya.go.id",
    }
    response = client.post(f"/directory/{surabaya.slug}/edit/", form)
    assert response.status_code == 302
    surabaya.refresh_from_db()
    assert surabaya.description == "City of Heroes"
    assert sorted(surabaya.sdg_targets.values_list("code", flat=True)) == ["11.5", "13.1"]
    stale = client.post(f"/directory/{surabaya.slug}/edit/", {**form, "description": "stale"})
    assert stale.status_code == 409
    assert "Someone else saved this profile" in stale.content.decode()
    bad = client.post(
        f"/directory/{surabaya.slug}/edit/", {**form, "version": "2", "sdg_targets": "42.42"}
    )
    assert bad.status_code == 400 and "42.42" in bad.content.decode()


def test_other_members_cannot_open_the_edit_form(client: Client, world: dict) -> None:
    client.force_login(UserFactory(role=Role.MEMBER, local_government=world["semarang"]))
    assert client.get(f"/directory/{world['surabaya'].slug}/edit/").status_code == 403
    response = Client().get(f"/directory/{world['surabaya'].slug}/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_network_and_committee_pages(client: Client, world: dict) -> None:
    page = client.get("/directory/networks/uclg-aspac/").content.decode()
    assert "Surabaya" in page and "Climate Committee" in page
    page = client.get("/directory/committees/climate-committee/").content.decode()
    assert "Surabaya" in page and "Add a member" not in page


def test_staff_manage_committee_members_from_the_page(client: Client, world: dict) -> None:
    staff = UserFactory(role=Role.NETWORK_STAFF, network=world["aspac"])
    client.force_login(staff)
    page = client.get("/directory/committees/climate-committee/").content.decode()
    assert "Add a member" in page
    response = client.post(
        "/directory/committees/climate-committee/members/",
        {"local_government": world["semarang"].slug, "role": "co-chair"},
    )
    assert response.status_code == 302
    assert (
        world["committee"]
        .memberships.filter(local_government=world["semarang"], role="co-chair")
        .exists()
    )
    refused = client.post(
        "/directory/committees/climate-committee/members/",
        {"local_government": world["rosario"].slug},
    )
    assert refused.status_code == 400


def test_map_page_carries_markers_and_local_assets(client: Client, world: dict) -> None:
    page = client.get("/directory/map/", {"network": "uclg-aspac"}).content.decode()
    assert '"name": "Surabaya"' in page and "Rosario" not in page
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert "unpkg" not in page and "cdn" not in page.lower()


def test_security_headers(client: Client, world: dict) -> None:
    response = client.get("/directory/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_translate_to_spanish_portuguese_and_indonesian(client: Client, world: dict) -> None:
    expected = {"es": "Directorio", "pt": "Diretório", "id": "Direktori"}
    for language, word in expected.items():
        response = client.get("/directory/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert word in response.content.decode(), language
    client.post("/i18n/setlang/", {"language": "pt", "next": "/directory/"})
    assert "Diretório" in client.get("/directory/").content.decode()
