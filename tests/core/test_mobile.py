"""On a phone (390 px wide) in English, Spanish, Portuguese and Indonesian: no main page is
wider than the screen, the header leaves most of the screen to the page, its menu button
shows and hides the links (which stay visible without JavaScript), and axe finds no serious
or critical violation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.community.services import notify
from ponte.cooperation.models import Partnership, ProjectOrganisation
from ponte.cooperation.services import budget_add, result_add, transaction_add
from ponte.events.services import event_create, event_publish
from ponte.exchange.services import (
    Provider,
    need_create,
    offer_create,
    solidarity_request_create,
)
from ponte.knowledge.models import Result
from ponte.matching.models import Interest
from tests.conftest import offline_context
from tests.cooperation.factories import PartnershipFactory, ProjectFactory
from tests.core.test_accessibility import violations
from tests.factories import (
    PASSWORD,
    CommitteeFactory,
    CommitteeMembershipFactory,
    ItemFactory,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LANGUAGES = ["en", "es", "pt", "id"]
# Real content is long: network names, IATI identifiers, links pasted into descriptions.
LINK = (
    "https://www.example.org/documentos/2025/plano-municipal-de-reducao-de-riscos-"
    "e-adaptacao-climatica-versao-final-aprovada-pela-camara.pdf"
)
FLACMA = "Federación Latinoamericana de Ciudades, Municipios y Asociaciones de Gobiernos Locales"


def _phone_world() -> dict[str, Any]:
    """Something on every main page, as long as demo content makes it; returns the paths."""
    aspac = NetworkFactory(
        slug="uclg-aspac",
        name="United Cities and Local Governments Asia-Pacific",
        acronym="UCLG ASPAC",
        website=LINK,
    )
    flacma = NetworkFactory(slug="flacma", name=FLACMA, acronym="FLACMA", description=f"See {LINK}")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    makassar = LocalGovernmentFactory(city_name="Makassar", slug="makassar")
    for city in (surabaya, makassar):
        MembershipFactory(local_government=city, network=aspac)
    MembershipFactory(local_government=recife, network=flacma)
    committee = CommitteeFactory(
        network=aspac,
        slug="climate",
        name="Committee on Climate Change, Environment and Disaster Risk Reduction",
    )
    CommitteeMembershipFactory(committee=committee, local_government=surabaya)
    item = ItemFactory(
        owner=surabaya,
        title="Waste banks: households trade sorted rubbish for savings and health insurance",
        body=f"## Results\n\n- 300 waste banks\n\nThe regulation: {LINK}",
    )
    Result.objects.create(
        item=item,
        indicator="Households depositing sorted waste every month in a neighbourhood bank",
        unit="households",
        baseline=1200,
        target=25000,
        achieved=31415,
    )
    need = need_create(
        actor=SYSTEM,
        local_government=surabaya,
        data={
            "title": "Flood early-warning maps for riverside kampungs",
            "description": f"We need maps. Our current plan: {LINK}",
            "language": "en",
            "themes": ["water"],
            "status": "open",
        },
    )
    offer_create(
        actor=SYSTEM,
        provider=Provider(network=flacma),
        data={
            "title": "Peer-learning on participatory budgeting for member municipalities",
            "description": LINK,
            "language": "es",
            "status": "open",
        },
    )
    masks = solidarity_request_create(
        actor=SYSTEM,
        local_government=surabaya,
        data={
            "title": "Water purification tablets after the floods",
            "description": "For the evacuation centres.",
            "language": "en",
            "delivery_place": "Surabaya City Disaster Management Agency warehouse",
        },
        items=[{"name": "Water purification tablets", "quantity": 1500000, "unit": "tablets"}],
    )
    project = ProjectFactory(
        title="Climate finance exchange between UCLG ASPAC and FLACMA cities",
        identifier="XM-PONTE-GCOM-CLIMATE-FINANCE-EXCHANGE-2025",
        implementers=[surabaya, recife, makassar],
    )
    ProjectOrganisation.objects.create(
        project=project, role=ProjectOrganisation.Role.FUNDING, name="European Union"
    )
    for value, currency in (("950000000", "IDR"), ("120000", "EUR")):
        budget_add(
            actor=SYSTEM,
            project=project,
            period_start=date(2025, 1, 1),
            period_end=date(2027, 12, 31),
            value=value,
            currency=currency,
        )
    transaction_add(
        actor=SYSTEM,
        project=project,
        type=3,
        date=date(2025, 4, 2),
        value="475000000",
        currency="IDR",
        provider="European Union Delegation to Indonesia and Brunei Darussalam",
        receiver="Badan Perencanaan Pembangunan Daerah Kota Surabaya",
        description="First tranche: feasibility studies for green bonds",
    )
    result_add(
        actor=SYSTEM,
        project=project,
        title="Feasibility studies",
        indicator="Projects with completed feasibility studies",
        unit="projects",
        baseline_value=0,
        periods=[
            {
                "period_start": date(2025, 1, 1),
                "period_end": date(2027, 12, 31),
                "target": 6,
                "actual": 3,
            }
        ],
    )
    partnership = PartnershipFactory(
        title="Surabaya – Recife: waste banks and recycling cooperatives",
        status=Partnership.Status.ACTIVE,
        parties=[surabaya, recife],
        networks=[flacma],
    )
    start = timezone.now() + timedelta(days=20)
    event = event_create(
        actor=SYSTEM,
        data={
            "kind": "peer-learning",
            "title": "Waste banks and recycling cooperatives: Surabaya and Recife compare notes",
            "language": "en",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "timezone": "Asia/Jakarta",
            "mode": "hybrid",
            "venue": "Surabaya city hall, Jalan Taman Surya No. 1",
            "meeting_url": "https://meet.example.org/waste-banks-surabaya-recife-2027",
            "participants": [recife],
            "questions": ["Which of your neighbourhoods runs a waste bank?"],
        },
        local_governments=[surabaya],
        networks=[flacma],
    )
    event = event_publish(actor=SYSTEM, event=event)
    members = {}
    for language in LANGUAGES:
        member = UserFactory(
            username=f"dewi-{language}",
            role=Role.MEMBER,
            local_government=surabaya,
            preferred_language=language,
        )
        notify(
            recipients=[member],
            kind="interest",
            text=lambda: f"Recife is interested in your need. {LINK}",
            url=f"/exchange/needs/{need.pk}/",
        )
        members[language] = member
    Interest.objects.create(
        from_local_government=recife,
        to_local_government=surabaya,
        need=need,
        candidate_key=f"local_government:{recife.pk}",
        candidate_title="Recife: waste pickers' cooperatives and recycling credits",
        rank=1,
        score=0.8,
        message=f"Podemos conversar? {LINK}",
    )
    public = [
        "/",
        "/library/",
        f"/library/{item.slug}/",
        "/directory/",
        "/directory/surabaya/",
        "/directory/map/",
        "/directory/networks/",
        "/directory/networks/uclg-aspac/",
        "/directory/networks/flacma/",
        "/directory/committees/climate/",
        "/exchange/needs/",
        "/exchange/offers/",
        "/exchange/solidarity/",
        f"/exchange/needs/{need.pk}/",
        f"/exchange/solidarity/{masks.pk}/",
        "/cooperation/projects/",
        f"/cooperation/projects/{project.pk}/",
        "/cooperation/partnerships/",
        f"/cooperation/partnerships/{partnership.pk}/",
        "/events/",
        f"/events/{event.slug}/",
        "/search/?q=waste+banks",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    signed_in = [
        "/me/",
        "/community/conversations/",
        "/accounts/preferences/",
        "/matching/interests/",
        "/community/notifications/",
        f"/cooperation/projects/{project.pk}/",  # with the editing controls: one more column
        "/events/mine/",
        "/events/new/",
        f"/events/{event.slug}/",  # with the organisers' controls
    ]
    return {
        "public": public,
        "signed_in": signed_in,
        "members": members,
        "practice": f"/library/{item.slug}/",
        "solidarity": f"/exchange/solidarity/{masks.pk}/",
        "project": f"/cooperation/projects/{project.pk}/",
    }


MEASURE = """() => ({
  width: document.documentElement.scrollWidth,
  header: document.querySelector('.site-header').getBoundingClientRect().height / innerHeight,
  lang: document.documentElement.lang,
  wide: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
    .filter(e => !e.closest('.table-scroll, .map') || getComputedStyle(e).position == 'absolute')
    .slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right)),
})"""


def _problems(page: Any, base: str, path: str, language: str) -> list[str]:
    response = page.goto(base + path)
    found = page.evaluate(MEASURE)
    problems = []
    if response.status != 200:
        problems.append(f"status {response.status}")
    if found["lang"] != language:
        problems.append(f"page in {found['lang']!r}")
    if found["width"] > PHONE["width"]:
        problems.append(f"{found['width']} px wide ({', '.join(found['wide'])})")
    if found["header"] >= 0.25:
        problems.append(f"header takes {found['header']:.0%} of the screen")
    return problems


def _sign_in(page: Any, base: str, username: str) -> None:
    # Labels are translated; the form's fields are found by their ids.
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".site-header form[action='/accounts/logout/']").count() == 1


def test_no_page_is_wider_than_a_phone_in_any_language(
    chromium, live_server, reference_data
) -> None:  # type: ignore[no-untyped-def]
    world = _phone_world()
    base = live_server.url
    problems: dict[str, list[str]] = {}
    for language in LANGUAGES:
        context = offline_context(chromium, viewport=PHONE, locale=language)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
        )
        page = context.new_page()
        for path in world["public"]:
            if found := _problems(page, base, path, language):
                problems[f"{language} {path}"] = found
        page.goto(f"{base}/search/?q=waste+banks")
        assert page.locator(".search-hit").count() >= 1, f"no search results in {language}"
        _sign_in(page, base, world["members"][language].username)
        for path in world["signed_in"]:
            if found := _problems(page, base, path, language):
                problems[f"{language} {path} (signed in)"] = found
        context.close()
    assert problems == {}


def test_menu_button_shows_and_hides_the_links_which_stay_visible_without_javascript(
    chromium, live_server, reference_data
) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    page = offline_context(chromium, viewport=PHONE, locale="en").new_page()
    page.goto(base + "/")
    menu = page.get_by_role("button", name="Menu")
    library = page.get_by_role("navigation", name="Main").get_by_role("link", name="Library")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == "site-menu"
    assert not library.is_visible() and not page.get_by_role("link", name="Sign in").is_visible()
    assert page.get_by_role("searchbox", name="Search Ponte").is_visible()

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert library.is_visible() and page.get_by_role("link", name="Sign up").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    library.focus()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not library.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "site-menu"
    page.keyboard.press("Enter")
    assert library.is_visible()
    library.click()
    page.wait_for_url(base + "/library/")

    # Without JavaScript nothing can open the menu: the links are simply there, on the screen.
    no_script = offline_context(chromium, viewport=PHONE, locale="en", java_script_enabled=False)
    page = no_script.new_page()
    page.goto(base + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    for name in ("Library", "Cooperation", "Sign in"):
        link = page.get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert link.is_visible() and box and box["x"] + box["width"] <= PHONE["width"]

    # On a wide screen the links are in the header and there is no menu button.
    page = offline_context(chromium, viewport={"width": 1280, "height": 800}).new_page()
    page.goto(base + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("link", name="Library", exact=True).is_visible()


def test_phone_pages_have_no_serious_accessibility_violations(
    chromium, live_server, reference_data
) -> None:  # type: ignore[no-untyped-def]
    world = _phone_world()
    base = live_server.url
    paths = [
        "/",
        "/directory/",
        "/directory/networks/uclg-aspac/",
        "/library/",
        world["practice"],
        world["solidarity"],
        world["project"],
        "/search/?q=waste+banks",
    ]
    problems = {}
    for language in ("en", "id"):
        # Only this context ignores Ponte's CSP, so that axe can be injected.
        context = offline_context(chromium, viewport=PHONE, locale=language, bypass_csp=True)
        page = context.new_page()
        for path in paths:
            page.goto(base + path)
            if found := violations(page, impacts=("serious", "critical")):
                problems[f"{language} {path}"] = found
        page.goto(base + "/")
        page.locator(".menu-toggle").click()
        if found := violations(page, impacts=("serious", "critical")):
            problems[f"{language} / with the menu open"] = found
        context.close()
    assert problems == {}
