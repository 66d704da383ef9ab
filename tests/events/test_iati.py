"""A project's published events appear in its IATI activity as document links to their pages
(issue 14), contributed through cooperation's `iati_document_links` slot; the activity still
validates against the official IATI 2.03 schema."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from ponte.accounts.permissions import SYSTEM
from ponte.cooperation import services as cooperation
from ponte.cooperation.iati import export_iati, exportable_projects
from ponte.cooperation.models import Project, ProjectOrganisation
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "iati" / "iati-activities-schema.xsd"


def test_a_projects_published_events_are_links_in_its_iati_activity(ew: EventWorld) -> None:
    project = Project.objects.create(
        identifier="XM-PONTE-EV-1", title="Flood early warning", planned_start=date(2025, 1, 1)
    )
    project.locations.set([ew.jakarta])
    ProjectOrganisation.objects.create(
        project=project, role=4, name="Jakarta", local_government=ew.jakarta
    )
    cooperation.document_add(
        actor=SYSTEM,
        project=project,
        upload=SimpleUploadedFile("mou.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        title="Signed memorandum",
        category="A09",
    )
    event = ew.event(title="Sirens: what we learnt", project=project)
    ew.event(title="Draft planning meeting", project=project, publish=False)
    ew.event(title="Another project's webinar")

    xml = export_iati(exportable_projects(Project.objects.all()))
    document = etree.fromstring(xml)
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(document)
    links = document.findall("iati-activity/document-link")
    assert [link.findtext("title/narrative") for link in links] == [
        "Signed memorandum",
        "Sirens: what we learnt",
    ]
    page = links[1]
    assert page.get("url").endswith(f"/events/{event.slug}/")
    assert page.get("url").startswith("http")
    assert page.get("format") == "text/html"
    assert page.find("category").get("code") == "A12"  # IATI: activity web page
    assert page.find("language").get("code") == "en"
    assert page.find("document-date").get("iso-date") == event.starts_at.date().isoformat()
