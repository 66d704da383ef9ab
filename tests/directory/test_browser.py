"""A person in Chromium: open the directory, filter it, open a profile."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.browser


def test_directory_filter_and_profile(page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    for name in ["Surabaya", "Semarang", "Rosario", "Montevideo"]:
        lg = LocalGovernmentFactory(city_name=name)
        if lg.country_id == "ID":
            MembershipFactory(local_government=lg, network=aspac)

    page.goto(f"{live_server.url}/directory/")
    assert page.locator(".result").count() == 4
    page.get_by_label("Region").select_option("latin-america")
    expect(page.locator(".result")).to_have_count(2)
    assert "region=latin-america" in page.url  # the filter is in the address, so it can be shared
    page.get_by_label("Name").fill("montev")
    expect(page.locator(".result")).to_have_count(1)
    # Keyboard only: tab to the result link and press Enter.
    link = page.get_by_role("link", name="Montevideo")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/directory/lg-*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Montevideo"
    assert "America/Montevideo" in page.content()


def test_map_shows_markers_without_tiles(page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    for name in ["Surabaya", "Rosario"]:
        LocalGovernmentFactory(city_name=name)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/directory/map/")
    page.wait_for_selector("#members-map[data-marker-count='2']")
    assert page.locator("path.leaflet-interactive").count() == 2
    # Only the refused map tiles may fail; every asset of Ponte's own loads.
    assert all("tile" in e or "ERR_FAILED" in e for e in errors), errors
