"""In Chromium: a city's focal point edits its project, moves it to implementation, adds a
budget and a transaction (after mistakes the forms point out) and sees them on the project
page; a focal point of a city outside the project sees no edit controls. A network's staff
record a partnership and a programme from scratch."""

from __future__ import annotations

import pytest

from ponte.accounts.models import Role
from tests.conftest import sign_in
from tests.cooperation.factories import PartnershipFactory, ProjectFactory
from tests.factories import (
    PASSWORD,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def test_participant_edits_a_project_and_records_its_money(
    page, live_server, reference_data
) -> None:  # type: ignore[no-untyped-def]
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    lima = LocalGovernmentFactory(city_name="Lima", slug="lima")
    partnership = PartnershipFactory(title="Recife – Semarang", parties=[recife, semarang])
    project = ProjectFactory(
        title="Waste banks", partnership=partnership, implementers=[recife, semarang]
    )
    UserFactory(username="ana", role=Role.MEMBER, local_government=recife)
    UserFactory(username="rosa", role=Role.MEMBER, local_government=lima)
    base = live_server.url
    project_url = f"{base}/cooperation/projects/{project.pk}/"

    sign_in(page, base, "rosa", PASSWORD)
    page.goto(project_url)
    assert page.locator("h1").inner_text() == "Waste banks"
    assert page.get_by_role("link", name="Edit the project").count() == 0
    assert page.get_by_role("button", name="Implementation").count() == 0
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "ana", PASSWORD)
    page.goto(project_url)
    page.get_by_role("link", name="Edit the project").click()
    assert page.get_by_label("Title").input_value() == "Waste banks"
    page.get_by_label("Title").fill("Waste banks in Recife's hillside neighbourhoods")
    page.get_by_label("Actual start").fill("2027-03-15")
    page.get_by_label("Actual end").fill("2027-03-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=The end cannot be before the start.")
    page.get_by_label("Actual end").fill("")
    page.get_by_label("Waste", exact=True).check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Changes saved.")
    assert page.locator("h1").inner_text() == "Waste banks in Recife's hillside neighbourhoods"
    facts = page.locator(".facts").inner_text()
    assert "Pipeline / identification" in facts and "Waste" in facts

    page.get_by_role("button", name="Implementation").click()
    page.wait_for_selector("text=The project is now in status Implementation.")
    assert "Implementation" in page.locator(".facts").inner_text()
    assert page.get_by_role("button", name="Finalisation").is_visible()
    assert page.get_by_role("button", name="Implementation").count() == 0

    page.get_by_role("link", name="Add a budget").click()
    page.get_by_label("Period start").fill("2027-03-01")
    page.get_by_label("Period end").fill("2028-02-29")
    page.get_by_label("Amount").fill("-120000")
    page.get_by_label("Currency").fill("BRL")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Ensure this value is greater than or equal to 0.")
    page.get_by_label("Amount").fill("120000")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Budget added.")
    budget_row = page.locator("#budgets tbody tr").first.inner_text()
    assert "120,000.00" in budget_row and "BRL" in budget_row and "Original" in budget_row

    page.get_by_role("link", name="Add a transaction").click()
    assert page.get_by_label("Currency").input_value() == "BRL"  # the project's currency so far
    page.get_by_label("Kind of transaction").select_option(label="Disbursement")
    page.get_by_label("Date").fill("2027-04-02")
    page.get_by_label("Amount").fill("30000")
    page.get_by_label("Currency").fill("IDX")
    page.get_by_label("Provider").fill("Semarang")
    page.get_by_label("Receiver").fill("Recife")
    page.get_by_label("Description").fill("First tranche for the study visit")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Unknown currency")
    page.get_by_label("Currency").fill("IDR")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Transaction added.")
    row = page.locator("#transactions tbody tr").first.inner_text()
    for shown in ("Disbursement", "30,000.00", "IDR", "Semarang", "Recife", "First tranche"):
        assert shown in row
    assert "120,000.00 BRL" in page.get_by_text("Total per currency").inner_text()


def test_network_staff_record_a_partnership_and_a_programme_from_scratch(
    page, live_server, reference_data
) -> None:  # type: ignore[no-untyped-def]
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    NetworkFactory(slug="mercociudades", name="MERCOCIUDADES")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    LocalGovernmentFactory(city_name="Recife", slug="recife")
    MembershipFactory(local_government=surabaya, network=aspac)
    UserFactory(username="bima", role=Role.NETWORK_STAFF, network=aspac)
    base = live_server.url

    sign_in(page, base, "bima", PASSWORD)
    page.goto(f"{base}/cooperation/partnerships/")
    page.get_by_role("link", name="Record a partnership").click()
    page.get_by_label("Title").fill("Coastal resilience exchange")
    page.get_by_label("Local governments").select_option(["surabaya"])
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Choose at least two parties.")
    page.get_by_label("Local governments").select_option(["surabaya", "recife"])
    page.get_by_label("Kind").select_option(label="Memorandum of understanding")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Partnership recorded as proposed.")
    assert page.locator("h1").inner_text() == "Coastal resilience exchange"
    body = page.locator("main").inner_text()
    assert "Surabaya" in body and "Recife" in body

    page.goto(f"{base}/cooperation/programmes/")
    page.get_by_role("link", name="New programme").click()
    page.get_by_label("Name").fill("Cities for Climate Resilience")
    page.get_by_label("Acronym").fill("C4CR")
    page.get_by_label("Start year").fill("2027")
    page.get_by_label("End year").fill("2025")
    page.get_by_label("Funders").fill("European Union")
    page.get_by_label("MERCOCIUDADES").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=A programme cannot end before it starts.")
    page.get_by_label("End year").fill("2030")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Programme recorded.")
    assert page.locator("h1").inner_text() == "Cities for Climate Resilience (C4CR)"
    leads = page.locator("article header").inner_text()
    assert "Led by UCLG ASPAC" in leads and "co-led by MERCOCIUDADES" in leads

    page.get_by_role("link", name="Edit the programme").click()
    page.get_by_label("Description").fill("Early warning and *nature-based* defences.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Changes saved.")
    assert page.locator("em", has_text="nature-based").is_visible()
