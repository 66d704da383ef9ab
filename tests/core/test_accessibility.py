"""axe-core (from npm) audits the main pages in Chromium: no WCAG 2.1 A/AA violations."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.cooperation.services import budget_add
from ponte.exchange.services import need_create, solidarity_request_create
from tests.conftest import sign_in
from tests.cooperation.factories import PartnershipFactory, ProjectFactory
from tests.factories import (
    PASSWORD,
    CommitteeFactory,
    ItemFactory,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def violations(page: Any, *, impacts: Collection[str] | None = None) -> list[str]:
    """WCAG 2.1 A/AA violations axe finds on the page; only those of the given impacts
    ("minor", "moderate", "serious", "critical") when impacts is given."""
    # axe is injected as a script; the test context bypasses Ponte's CSP only for this.
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
        if impacts is None or v["impact"] in impacts
    ]


def test_main_pages_have_no_accessibility_violations(
    csp_free_page, live_server, reference_data
) -> None:  # type: ignore[no-untyped-def]
    network = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    MembershipFactory(local_government=surabaya, network=network)
    CommitteeFactory(network=network, slug="climate", name="Climate committee")
    item = ItemFactory(owner=surabaya, title="Waste banks", body="## Results\n\n- 300 banks")
    UserFactory(username="dewi", role=Role.MEMBER, local_government=surabaya)
    need = need_create(
        actor=SYSTEM,
        local_government=surabaya,
        data={
            "title": "Flood maps",
            "description": "We need maps.",
            "language": "en",
            "themes": ["water"],
            "status": "open",
        },
    )
    masks = solidarity_request_create(
        actor=SYSTEM,
        local_government=surabaya,
        data={
            "title": "Masks",
            "description": "For clinics.",
            "language": "en",
            "delivery_place": "City hall",
        },
        items=[{"name": "Masks", "quantity": 100, "unit": "boxes"}],
    )
    project = ProjectFactory(title="Waste banks", implementers=[surabaya])
    budget = budget_add(
        actor=SYSTEM,
        project=project,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value="1000",
        currency="EUR",
    )
    partnership = PartnershipFactory(parties=[surabaya, LocalGovernmentFactory()])
    page = csp_free_page
    base = live_server.url
    pages = [
        "/",
        "/directory/",
        "/directory/surabaya/",
        "/directory/networks/",
        "/directory/networks/uclg-aspac/",
        "/directory/committees/climate/",
        "/directory/map/",
        "/library/",
        f"/library/{item.slug}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/exchange/needs/",
        "/exchange/offers/",
        f"/exchange/needs/{need.pk}/",
        "/exchange/solidarity/",
        f"/exchange/solidarity/{masks.pk}/",
        "/search/?q=waste+banks",
        f"/cooperation/projects/{project.pk}/",
        f"/cooperation/partnerships/{partnership.pk}/",
    ]
    problems = {}
    for path in pages:
        page.goto(base + path)
        found = violations(page)
        if found:
            problems[path] = found
    sign_in(page, base, "dewi", PASSWORD)
    for path in [
        "/me/",
        "/community/conversations/",
        "/library/new/",
        "/directory/surabaya/edit/",
        f"/library/{item.slug}/translate/",
        "/exchange/needs/new/",
        "/exchange/offers/new/",
        f"/library/{item.slug}/",  # with the moves its owner may take
        f"/exchange/needs/{need.pk}/",
        "/library/review/",
        "/exchange/solidarity/new/",
        "/matching/interests/",
        "/matching/peers/surabaya/",
        "/community/notifications/",
        f"/cooperation/projects/{project.pk}/",  # with the editing controls
        f"/cooperation/projects/{project.pk}/budgets/{budget.pk}/remove/",
        f"/cooperation/projects/{project.pk}/edit/",
    ]:
        page.goto(base + path)
        found = violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_directory_works_by_keyboard(csp_free_page, live_server, reference_data) -> None:  # type: ignore[no-untyped-def]
    LocalGovernmentFactory(city_name="Recife", slug="recife")
    page = csp_free_page
    page.goto(live_server.url + "/directory/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
