"""In Chromium: a member writes a practice and submits it, staff publish it, a visitor reads it."""

from __future__ import annotations

import pytest

from ponte.accounts.models import Role
from tests.conftest import sign_in
from tests.factories import (
    PASSWORD,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def test_write_submit_review_publish(page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    MembershipFactory(local_government=semarang, network=aspac)
    UserFactory(username="dewi", role=Role.MEMBER, local_government=semarang)
    UserFactory(username="staff", role=Role.NETWORK_STAFF, network=aspac)
    base = live_server.url

    sign_in(page, base, "dewi", PASSWORD)
    page.goto(f"{base}/library/new/")
    page.get_by_label("Title").fill("Polder system against tidal floods")
    page.get_by_label("Summary").fill(
        "Pumps, a retention pond and a sea wall keep the old town dry."
    )
    page.get_by_label("Description").fill(
        "## What we did\n\n- **Tawang** polder\n- <script>alert(1)</script>"
    )
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#preview strong")
    assert page.locator("#preview script").count() == 0
    page.get_by_label("Language of this text").select_option("en")
    page.get_by_label("Flood").check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=Draft saved")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_selector("text=Submitted for review.")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "staff", PASSWORD)
    page.goto(f"{base}/library/review/")
    page.get_by_role("link", name="Polder system against tidal floods").click()
    page.get_by_label("Comment to the authors").fill("Clear and useful, thank you.")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_selector("text=Published.")
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{base}/library/")
    page.get_by_role("link", name="Polder system against tidal floods").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Polder system against tidal floods"
    assert page.locator(".body strong").inner_text() == "Tawang"
    assert page.locator(".body script").count() == 0


def test_a_preview_too_long_says_so_in_the_preview(
    page, live_server, reference_data, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.PONTE_PREVIEW_MAX_CHARS = 40
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    UserFactory(username="dewi", role=Role.MEMBER, local_government=semarang)
    base = live_server.url
    sign_in(page, base, "dewi", PASSWORD)
    page.goto(f"{base}/library/new/")
    page.get_by_label("Description").fill("**Tawang** polder, " * 5)
    page.get_by_role("button", name="Preview").click()
    alert = page.locator("#preview [role=alert]")
    alert.wait_for()
    assert "up to 40 characters; this one has 95" in alert.inner_text()
    assert page.locator("#preview strong").count() == 0
