"""The search page in Chromium: results as you type, narrowed by a facet, by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ponte.directory.models import Theme
from tests.factories import ItemFactory, LocalGovernmentFactory

pytestmark = pytest.mark.browser


def settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until htmx has no request in flight (it marks the requesting form meanwhile)."""
    expect(page.locator(".htmx-request")).to_have_count(0)


def test_type_then_narrow_by_theme_with_the_keyboard(page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    polder = ItemFactory(
        owner=semarang,
        language_id="id",
        title="Sistem polder untuk mengatasi banjir rob",
        summary="Kolam retensi, pompa dan tanggul laut melindungi kota dari banjir.",
    )
    bank = ItemFactory(
        owner=semarang,
        language_id="id",
        title="Bank sampah kelurahan",
        summary="Warga kota menabung sampah terpilah; banjir karena sampah di saluran berkurang.",
    )
    polder.themes.add(Theme.objects.get(slug="disaster-risk-reduction"))
    bank.themes.add(Theme.objects.get(slug="waste"))  # saved: indexed again on commit

    page.goto(live_server.url + "/search/")
    page.get_by_label("Search practices").press_sequentially("banjir kota")
    results = page.locator("#search-results")
    results.get_by_role("link", name=polder.title).wait_for()
    assert results.get_by_role("link", name=bank.title).is_visible()
    settled(page)

    # From the search box, Tab reaches the theme facet; typing its first letters chooses it.
    page.get_by_label("Search practices").focus()
    for _ in range(12):
        if page.evaluate("document.activeElement.id") == "facet-theme":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "facet-theme"
    for _ in range(6):  # arrow keys move through the options of a focused select
        if page.locator("#facet-theme").input_value() == "waste":
            break
        page.keyboard.press("ArrowDown")
        settled(page)
    page.wait_for_url("**theme=waste**")
    results.get_by_role("link", name=bank.title).wait_for()
    assert results.get_by_role("link", name=polder.title).count() == 0
    assert page.locator("#facet-theme").input_value() == "waste"
