"""In Chromium: Surabaya's focal point accepts Recife's interest, plans an exchange from the
match (a time picked in the slot finder fills the form), publishes it; Recife's focal point registers and
downloads the .ics; both find it in "my events"; afterwards the organiser records what they
learnt and turns it into a draft practice in the library."""

from __future__ import annotations

import icalendar
import pytest

from ponte.accounts.models import Role
from ponte.events.models import Event
from ponte.matching.models import Interest
from tests.conftest import sign_in
from tests.factories import PASSWORD, LocalGovernmentFactory, UserFactory

pytestmark = pytest.mark.browser


def test_from_a_match_to_an_event_and_what_was_learnt(page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    UserFactory(username="dewi", role=Role.MEMBER, local_government=surabaya)
    UserFactory(username="joao", role=Role.MEMBER, local_government=recife)
    Interest.objects.create(
        from_local_government=recife,
        to_local_government=surabaya,
        candidate_key=f"local_government:{surabaya.pk}",
        candidate_title="Flood early warning with Surabaya",
        rank=1,
        score=0.9,
    )
    base = live_server.url

    sign_in(page, base, "dewi", PASSWORD)
    page.goto(f"{base}/matching/interests/")
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("link", name="Plan an exchange").click()
    assert page.get_by_label("Title").input_value() == "Flood early warning with Surabaya"
    slots = page.get_by_role("link", name="Find a time that suits everyone")
    assert (slots.get_attribute("href") or "").startswith(
        f"/events/slots/?local_governments={surabaya.pk}&local_governments={recife.pk}"
        "&then=%2Fevents%2Fnew%2F%3Finterest%3D"
    )
    # The finder ranks times for both cities; picking one fills the form on Jakarta's clock.
    slots.click()
    page.get_by_label("First day (UTC)").fill("2031-06-02")
    page.get_by_label("Last day (UTC)").fill("2031-06-06")
    page.get_by_label("Length of the meeting in minutes").fill("60")
    page.get_by_role("button", name="Find times").click()
    page.get_by_role("link", name="UTC for the event").first.click()
    assert page.get_by_label("Title").input_value() == "Flood early warning with Surabaya"
    picked = page.get_by_label("Starts (organiser's time)").input_value()
    assert picked.startswith("2031-06-0"), picked
    assert page.get_by_label("Organiser's time zone").input_value() == "Asia/Jakarta"
    # The organisers settle on another hour after all.
    page.get_by_label("Starts (organiser's time)").fill("2031-06-02T20:00")
    page.get_by_label("Ends (organiser's time)").fill("2031-06-02T19:00")
    page.get_by_label("Meeting link").fill("https://meet.example.org/flood")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=The event must end after it starts.")
    page.get_by_label("Ends (organiser's time)").fill("2031-06-02T22:00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Event saved as a draft.")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_selector("text=The event is published.")
    # 20:00 in Jakarta is 10:00 in Recife (UTC-3).
    assert "10:00 in Recife, 20:00 in Surabaya" in page.locator(".cities").inner_text()
    event_url = page.url
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "joao", PASSWORD)
    page.goto(event_url)
    assert page.locator(".meeting-link").count() == 0
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector("text=You are registered.")
    assert page.locator(".meeting-link").inner_text() == "https://meet.example.org/flood"
    page.goto(f"{base}/events/mine/")
    assert "Flood early warning with Surabaya" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").first.click()
    with open(download.value.path(), "rb") as ics:
        vevent = icalendar.Calendar.from_ical(ics.read()).walk("VEVENT")[0]
    assert vevent["DTSTART"].params["TZID"] == "Asia/Jakarta"
    assert vevent.decoded("DTSTART").hour == 20
    assert "meet.example.org/flood" in str(vevent["LOCATION"])
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "dewi", PASSWORD)
    page.goto(f"{base}/events/mine/")
    assert "Flood early warning with Surabaya" in page.locator("main").inner_text()
    page.goto(event_url)
    page.get_by_role("link", name="Record outputs").click()
    page.get_by_label("What we learnt").fill("Sirens work only if the wards test them monthly.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Outputs saved.")
    page.get_by_role("button", name="Turn what we learnt into a draft practice").click()
    page.wait_for_selector("text=A draft is ready in the library")
    assert Event.objects.get().practice is not None
    assert Event.objects.get().interest is not None
