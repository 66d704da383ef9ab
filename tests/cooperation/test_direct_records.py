"""Partnerships and projects recorded directly (not from a match), and programmes led or
co-led by several networks: services and pages."""

from __future__ import annotations

from typing import Any

import pytest

from ponte.cooperation import services
from ponte.cooperation.models import Participant, Partnership, Programme, Project
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from tests.knowledge import conftest as library

pytestmark = pytest.mark.django_db
# The library's small world: UCLG ASPAC (Surabaya, Semarang), MERCOCIUDADES (Recife).
world = library.world


def test_staff_record_a_partnership_between_a_member_and_another_city(world) -> None:  # type: ignore[no-untyped-def]
    partnership = services.partnership_create(
        actor=world["aspac_staff"],
        title="Waste banks",
        kind="mou",
        local_governments=[world["surabaya"], world["recife"]],
        networks=[world["aspac"]],
    )
    parties = {str(p) for p in Participant.objects.filter(partnership=partnership)}
    assert parties == {"Surabaya", "Recife", str(world["aspac"])}
    assert partnership.status == Partnership.Status.PROPOSED


def test_nobody_records_a_partnership_they_take_no_part_in(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.partnership_create(
            actor=world["merco_staff"],
            title="Not ours",
            kind="mou",
            local_governments=[world["surabaya"], world["semarang"]],
        )
    with pytest.raises(ApplicationError):
        services.partnership_create(
            actor=world["surabaya_member"],
            title="Alone",
            kind="mou",
            local_governments=[world["surabaya"], world["surabaya"]],
        )
    assert not Partnership.objects.exists()


def test_a_focal_point_records_a_project_directly(world) -> None:  # type: ignore[no-untyped-def]
    project = services.project_create(
        actor=world["surabaya_member"],
        title="Sirens",
        local_governments=[world["surabaya"], world["recife"]],
        funder="JICA",
    )
    assert project.partnership is None
    assert set(project.locations.values_list("slug", flat=True)) == {"surabaya", "recife"}
    assert project.identifier.startswith("XI-PONTE-0-")
    with pytest.raises(PermissionDeniedError):
        services.project_create(
            actor=world["semarang_member"], title="Not ours", local_governments=[world["recife"]]
        )
    with pytest.raises(ApplicationError):
        services.project_create(actor=world["surabaya_member"], title="Nowhere")


def _programme(world: Any, **extra: Any) -> Programme:
    values: dict[str, Any] = {
        "name": "Localising the SDGs",
        "acronym": "LOCALISE SDGs",
        "start_year": 2026,
        "end_year": 2029,
        "funders": "European Union\nUCLG",
        "co_lead_networks": [world["merco"]],
    }
    return services.programme_create(
        actor=world["aspac_staff"], lead_network=world["aspac"], **{**values, **extra}
    )


def test_programmes_are_led_and_co_led_and_co_leads_edit_them(world) -> None:  # type: ignore[no-untyped-def]
    programme = _programme(world)
    assert programme.slug == "localise-sdgs"
    assert programme.funders == ["European Union", "UCLG"]
    assert list(programme.co_lead_networks.all()) == [world["merco"]]
    changed = services.programme_update(
        actor=world["merco_staff"], programme=programme, name="Localising the SDGs, phase 2"
    )
    assert changed.name == "Localising the SDGs, phase 2"
    assert list(changed.co_lead_networks.all()) == [world["merco"]]  # left as they were
    with pytest.raises(PermissionDeniedError):
        services.programme_update(
            actor=world["surabaya_member"], programme=programme, name="Taken over"
        )
    with pytest.raises(PermissionDeniedError):
        services.programme_create(
            actor=world["merco_staff"], lead_network=world["aspac"], name="In another's name"
        )
    with pytest.raises(ApplicationError):
        _programme(world, end_year=2020)
    # A co-leading network's staff record projects in the programme.
    project = services.project_create(
        actor=world["merco_staff"], title="Voluntary local reviews", programme=programme
    )
    assert project.programme == programme


def test_pages_record_a_partnership_a_project_and_a_programme(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["aspac_staff"])
    response = client.post(
        "/cooperation/partnerships/new/",
        {"title": "River schools", "kind": "technical-exchange", "local_governments": ["surabaya"]},
    )
    assert (
        response.status_code == 400 and "Choose at least two parties." in response.content.decode()
    )
    response = client.post(
        "/cooperation/partnerships/new/",
        {
            "title": "River schools",
            "kind": "technical-exchange",
            "local_governments": ["surabaya", "recife"],
        },
    )
    partnership = Partnership.objects.get(title="River schools")
    assert response["Location"] == f"/cooperation/partnerships/{partnership.pk}/"

    response = client.post(
        "/cooperation/programmes/new/",
        {"name": "Cities for climate", "start_year": "2027", "co_lead_networks": ["mercociudades"]},
    )
    programme = Programme.objects.get(name="Cities for climate")
    assert programme.lead_network == world["aspac"]
    assert response["Location"] == "/cooperation/programmes/cities-for-climate/"
    page = client.get("/cooperation/programmes/cities-for-climate/").content.decode()
    assert "Led by" in page and "co-led by" in page and "Edit the programme" in page

    response = client.post(
        "/cooperation/projects/new/",
        {
            "title": "Heat plans",
            "programme": "cities-for-climate",
            "local_governments": ["semarang"],
        },
    )
    project = Project.objects.get(title="Heat plans")
    assert response["Location"] == f"/cooperation/projects/{project.pk}/"
    assert (
        "Heat plans" in client.get("/cooperation/programmes/cities-for-climate/").content.decode()
    )

    edit = client.post(
        "/cooperation/programmes/cities-for-climate/edit/",
        {"name": "Cities for climate", "start_year": "2027", "end_year": "2026"},
    )
    assert edit.status_code == 400


def test_a_focal_point_cannot_create_a_programme(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    assert client.get("/cooperation/programmes/new/").status_code == 403
    assert "New programme" not in client.get("/cooperation/programmes/").content.decode()
