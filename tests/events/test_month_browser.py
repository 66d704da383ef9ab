"""In Chromium at 390 px: the month view is a list of the days with events, no wider than the
phone, without serious accessibility violations; its month links are reached by keyboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import offline_context
from tests.core.test_accessibility import violations
from tests.core.test_mobile import MEASURE, PHONE
from tests.events.conftest import EventWorld

pytestmark = pytest.mark.browser


def test_the_month_view_fits_a_phone_and_is_keyboard_friendly(
    chromium, live_server, reference_data, ew: EventWorld
) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2027, 6, 2, 13, 0, tzinfo=UTC)
    ew.event(
        title="Waste banks and recycling cooperatives: Surabaya and Recife compare notes",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    context = offline_context(chromium, viewport=PHONE, locale="en", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/month/?month=2027-06&tz=America/Sao_Paulo")
    found = page.evaluate(MEASURE)
    assert found["width"] <= PHONE["width"], found["wide"]
    day = page.locator(".month-grid td:visible")
    assert day.count() == 1  # only the day with an event, named in full
    assert "Wednesday 2" in day.inner_text() and "10:00" in day.inner_text()
    assert violations(page, impacts=("serious", "critical")) == []
    page.get_by_role("link", name="Next month").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**month=2027-07**")
    assert page.get_by_role("heading", level=1).inner_text() == "Events in July 2027"
    context.close()
