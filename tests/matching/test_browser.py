"""In Chromium: a city posts a need, network staff open it, the city sees matches with their
reasons and expresses interest; the other city accepts; the pair records a partnership, a
project and one result."""

from __future__ import annotations

import pytest

from ponte.accounts.models import Role
from ponte.knowledge.models import Result
from ponte.matching.world import reset
from tests.conftest import sign_in
from tests.factories import (
    PASSWORD,
    ItemFactory,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def test_need_to_match_to_partnership_to_result(page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    reset()
    merco = NetworkFactory(slug="mercociudades", name="MERCOCIUDADES")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    MembershipFactory(local_government=recife, network=merco)
    bank = ItemFactory(
        owner=semarang,
        language_id="id",
        title="Bank sampah di setiap kelurahan",
        summary="Warga memilah sampah rumah tangga dan menabung hasil penjualan daur ulang.",
    )
    bank.themes.set(["waste"])
    Result.objects.create(item=bank, indicator="Households", unit="households", achieved=4000)
    UserFactory(username="ana", role=Role.MEMBER, local_government=recife)
    UserFactory(username="dewi", role=Role.MEMBER, local_government=semarang)
    UserFactory(username="staff", role=Role.NETWORK_STAFF, network=merco)
    base = live_server.url

    sign_in(page, base, "ana", PASSWORD)
    page.goto(f"{base}/exchange/needs/new/")
    page.get_by_label("Title").fill("Bancos de reciclagem nos bairros")
    page.get_by_label("Description").fill(
        "Queremos que as famílias separem o lixo e economizem com a venda de recicláveis."
    )
    page.get_by_label("Language of this text").select_option("pt")
    page.get_by_label("Waste", exact=True).check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=Draft saved")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_selector("text=Submitted for review.")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "staff", PASSWORD)
    page.goto(f"{base}/exchange/review/")
    page.get_by_role("link", name="Bancos de reciclagem nos bairros").click()
    page.get_by_role("button", name="Approve and open").click()
    page.wait_for_selector("text=Approved: it is open now.")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "ana", PASSWORD)
    page.goto(f"{base}/exchange/needs/")
    page.get_by_role("link", name="Bancos de reciclagem nos bairros").click()
    first = page.locator("#group-local_government + ol .match").first
    first.wait_for()
    assert first.locator("h4 a").inner_text() == "Semarang"
    reasons = first.locator(".reasons").inner_text()
    assert "Bank sampah di setiap kelurahan" in reasons and "Waste" in reasons
    first.get_by_label("Message (optional)").fill("Podemos conversar?")
    first.get_by_role("button", name="Express interest in Semarang").click()
    page.wait_for_selector("text=Interest sent to Semarang")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "dewi", PASSWORD)
    page.goto(f"{base}/matching/interests/")
    assert "Podemos conversar?" in page.locator("#received-h + ul").inner_text()
    page.get_by_role("button", name="Accept").click()
    page.wait_for_selector("text=Accepted.")
    page.get_by_role("link", name="Record a partnership").first.click()
    page.get_by_label("Kind").select_option("technical-exchange")
    page.get_by_label("Start").fill("2027-02-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Partnership recorded as proposed.")
    assert "Recife" in page.locator(".facts").inner_text()
    page.get_by_role("link", name="Record a project").click()
    page.get_by_label("Title").fill("Waste banks in Recife's hillside neighbourhoods")
    page.get_by_label("Planned start").fill("2027-03-01")
    page.get_by_label("Planned end").fill("2026-03-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=The end cannot be before the start.")
    page.get_by_label("Planned end").fill("2028-03-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Project recorded.")
    page.get_by_role("link", name="Record a result").click()
    page.locator("#id_title").fill("Households saving from recycling")
    page.get_by_label("Indicator").fill("Households with a waste-bank account")
    page.get_by_label("Unit").fill("households")
    page.locator("#id_baseline_value").fill("0")
    page.get_by_label("Period start").fill("2027-03-01")
    page.get_by_label("Period end").fill("2028-02-28")
    page.get_by_label("Target").fill("1500")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Result recorded.")
    # The target as the reader's locale writes it.
    assert "1,500" in page.locator("table").last.inner_text()
    page.get_by_role("link", name="Record an activity").click()
    page.get_by_label("Activity").fill("Study visit to Semarang's waste banks")
    page.get_by_label("Start").fill("2027-04-10")
    page.get_by_label("End").fill("2027-04-14")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Activity recorded.")
    assert "Study visit to Semarang's waste banks" in page.locator("main").inner_text()
