"""In Chromium: a focal point signs in, lands on My Ponte, opens a notification there; it is
marked read and the header's count drops."""

from __future__ import annotations

import pytest

from ponte.accounts.models import Role
from ponte.community.models import Notification
from ponte.community.services import notify
from tests.conftest import sign_in
from tests.factories import PASSWORD, ItemFactory, LocalGovernmentFactory, UserFactory

pytestmark = pytest.mark.browser


def test_sign_in_land_on_my_ponte_open_a_notification(page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    dewi = UserFactory(username="dewi", role=Role.MEMBER, local_government=semarang)
    item = ItemFactory(owner=semarang, status="draft", title="Polder system")
    for text in ("“Polder system” was returned to you: add the budget", "Something else"):
        notify(
            recipients=[dewi],
            kind=Notification.Kind.REVIEW,
            text=lambda t=text: t,
            url=f"/library/{item.slug}/",
        )
    base = live_server.url

    sign_in(page, base, "dewi", PASSWORD)  # waits for /me/
    assert page.get_by_role("heading", level=1).inner_text() == "My Ponte"
    header_count = page.locator(".account a[href='/community/notifications/'] .badge")
    assert header_count.inner_text().startswith("2")
    page.get_by_role("link", name="“Polder system” was returned to you: add the budget").click()
    page.wait_for_url(f"{base}/library/{item.slug}/")
    assert header_count.inner_text().startswith("1")
    opened = Notification.objects.get(text__startswith="“Polder system”")
    assert opened.read_at is not None
    page.goto(f"{base}/me/")
    assert page.get_by_role("link", name="“Polder system” was returned").count() == 0
    assert page.get_by_role("link", name="Something else").count() == 1
