"""/events/slots/: the form, the ranked slots with every participant's local times, the
warning when no working hour is common, and refusals shown on the form in the reader's
language."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from ponte.directory.models import City, LocalGovernment
from tests.conftest import offline_context
from tests.core.test_accessibility import violations
from tests.factories import LocalGovernmentFactory

PHONE = {"width": 390, "height": 844}


def _lg(city: str, country: str) -> LocalGovernment:
    place = City.objects.filter(name=city, country_id=country).order_by("-population").first()
    assert place is not None, city
    return LocalGovernmentFactory(city=place)  # type: ignore[no-any-return]


def _page(response: Any) -> Any:
    return lxml.html.fromstring(response.content.decode())


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _search(client: Client, *lgs: LocalGovernment, **params: Any) -> Any:
    query: dict[str, Any] = {
        "local_governments": [lg.pk for lg in lgs],
        "start": "2026-12-07",
        "end": "2026-12-11",
        "minutes": 60,
        "day_start": "08:00",
        "day_end": "18:00",
        "days": ["1", "2", "3", "4", "5"],
        **params,
    }
    return client.get(reverse("events_slots:finder"), query)


def test_the_empty_form_offers_defaults(client: Client, db: None) -> None:
    _lg("Jakarta", "ID")
    response = client.get(reverse("events_slots:finder"))
    assert response.status_code == 200
    page = _page(response)
    assert _text(page.xpath("//h1")[0]) == "Find a meeting time"
    assert page.xpath('//select[@name="local_governments"]/option[text()="Jakarta"]')
    assert page.xpath('//input[@name="day_start"]/@value') == ["08:00"]
    assert page.xpath('//input[@name="day_end"]/@value') == ["18:00"]
    assert page.xpath('//input[@name="minutes"]/@value') == ["60"]
    checked = page.xpath('//input[@name="days"][@checked]/@value')
    assert checked == ["1", "2", "3", "4", "5"]
    assert not page.xpath("//ol[@class='results']")


def test_a_link_without_working_hours_assumes_eight_to_six(client: Client, db: None) -> None:
    jakarta, manila = _lg("Jakarta", "ID"), _lg("Manila", "PH")
    response = _search(client, jakarta, manila, day_start="", day_end="")
    assert response.status_code == 200
    page = _page(response)
    status = _text(page.xpath('//*[@role="status"]')[0])
    assert status == "At least one time falls inside everyone's working hours."
    # 08:00 in Manila is 07:00 in Jakarta, before its day: both work from 08:00 in Jakarta.
    assert page.xpath("//ol[@class='results']/li[1]//h3/time/@datetime") == [
        "2026-12-07T01:00:00+00:00"
    ]


def test_the_best_slots_show_each_local_time_and_say_when_no_hour_is_common(
    client: Client, db: None
) -> None:
    jakarta, sao_paulo = _lg("Jakarta", "ID"), _lg("São Paulo", "BR")
    response = _search(client, jakarta, sao_paulo)
    assert response.status_code == 200
    page = _page(response)
    status = _text(page.xpath('//*[@role="status"]')[0])
    assert status.startswith("No working hour is common to all of them")
    slots = page.xpath("//ol[@class='results']/li")
    assert len(slots) == 10
    first = slots[0]
    assert first.xpath(".//h3/time/@datetime") == ["2026-12-07T01:00:00+00:00"]
    assert "60 minutes outside working hours in all" in _text(first)
    rows = first.xpath(".//tbody/tr")
    cells = [[_text(cell) for cell in row.xpath("./th|./td")] for row in rows]
    assert cells == [
        ["Jakarta", "Mon 7 Dec 2026, 08:00 (UTC+07:00)", "Mon 7 Dec 2026, 09:00", "0"],
        ["São Paulo", "Sun 6 Dec 2026, 22:00 (UTC−03:00)", "Sun 6 Dec 2026, 23:00", "60"],
    ]
    assert rows[0].xpath(".//td[1]/time/@datetime") == ["2026-12-07T08:00:00+07:00"]


def test_common_hours_are_found(client: Client, db: None) -> None:
    jakarta, manila = _lg("Jakarta", "ID"), _lg("Manila", "PH")
    page = _page(_search(client, jakarta, manila))
    status = _text(page.xpath('//*[@role="status"]')[0])
    assert status == "At least one time falls inside everyone's working hours."
    assert "0 minutes outside working hours in all" in _text(page.xpath("//ol/li")[0])


def test_a_refusal_is_shown_on_its_field_in_the_readers_language(client: Client, db: None) -> None:
    jakarta = _lg("Jakarta", "ID")
    response = client.get(
        reverse("events_slots:finder"),
        {
            "local_governments": [jakarta.pk],
            "start": "2026-01-01",
            "end": "2026-04-01",
            "minutes": 60,
            "day_start": "08:00",
            "day_end": "18:00",
            "days": ["1"],
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    page = _page(response)
    alerts = [_text(alert) for alert in page.xpath('//*[@role="alert"]')]
    assert alerts == ["Busque como máximo 90 días a la vez; estas fechas abarcan 91 días."]
    assert _text(page.xpath("//h1")[0]) == "Buscar un horario de reunión"
    assert not page.xpath("//ol[@class='results']")


def test_no_local_government_chosen(client: Client, db: None) -> None:
    response = _search(client)
    assert response.status_code == 400
    alerts = [_text(alert) for alert in _page(response).xpath('//*[@role="alert"]')]
    assert alerts == ["Choose at least one local government."]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"minutes": 600}, "A meeting lasts from 1 to 480 minutes."),
        ({"start": "2026-12-11", "end": "2026-12-07"}, "The last day is before the first day."),
        (
            {"day_start": "18:00", "day_end": "08:00"},
            "Working hours must end after they start, on at least one day of the week.",
        ),
        (
            {"days": []},
            "Working hours must end after they start, on at least one day of the week.",
        ),
    ],
)
def test_bad_input_is_a_form_error(
    client: Client, db: None, params: dict[str, Any], message: str
) -> None:
    jakarta = _lg("Jakarta", "ID")
    response = _search(client, jakarta, **params)
    assert response.status_code == 400
    alerts = [_text(alert) for alert in _page(response).xpath('//*[@role="alert"]')]
    assert alerts == [message]


def test_searches_are_rate_limited_with_search(
    client: Client, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    settings.PONTE_RATE_LIMITS = {**settings.PONTE_RATE_LIMITS, "search": "1/m"}
    jakarta = _lg("Jakarta", "ID")
    assert client.get(reverse("events_slots:finder")).status_code == 200  # the form alone
    assert _search(client, jakarta).status_code == 200
    refused = _search(client, jakarta)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    alerts = [_text(alert) for alert in _page(refused).xpath('//*[@role="alert"]')]
    assert alerts and alerts[0].startswith("Too many requests from you in a short time.")


@pytest.mark.browser
def test_the_results_fit_a_phone_in_every_language_with_no_serious_axe_finding(
    chromium: Any, live_server: Any, reference_data: None
) -> None:
    jakarta, sao_paulo = _lg("Jakarta", "ID"), _lg("São Paulo", "BR")
    query = (
        f"?local_governments={jakarta.pk}&local_governments={sao_paulo.pk}&start=2026-12-07"
        "&end=2026-12-11&minutes=60&day_start=08:00&day_end=18:00&days=1&days=2&days=3"
    )
    problems = {}
    for language in ("en", "es", "pt", "id"):
        context = offline_context(chromium, viewport=PHONE, locale=language, bypass_csp=True)
        page = context.new_page()
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(live_server.url + reverse("events_slots:finder") + query)
        assert page.locator("ol.results > li").count() == 10
        assert page.evaluate("() => document.documentElement.lang") == language
        width = page.evaluate("() => document.documentElement.scrollWidth")
        found = violations(page, impacts={"serious", "critical"})
        if width > PHONE["width"] or found:
            problems[language] = (width, found)
        context.close()
    assert problems == {}
