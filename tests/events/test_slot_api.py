"""GET /api/v1/events/slots: the finder for local governments of the directory, its exact
answer, and clear refusals (400 problem documents in the reader's language, 429 over the
limit)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from ponte.directory.models import City, Country, LocalGovernment
from tests.factories import LocalGovernmentFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/slots"


def _lg(city: str, country: str, **fields: Any) -> LocalGovernment:
    place = City.objects.filter(name=city, country_id=country).order_by("-population").first()
    assert place is not None, city
    return LocalGovernmentFactory(city=place, **fields)  # type: ignore[no-any-return]


def _ask(client: Client, *lgs: LocalGovernment, **params: Any) -> Any:
    query = {
        "local_governments": ",".join(str(lg.pk) for lg in lgs),
        "start": "2026-12-07",
        "end": "2026-12-11",
        "minutes": 60,
        **params,
    }
    return client.get(URL, query)


def test_jakarta_and_sao_paulo_get_the_least_bad_slots_and_are_told_so(client: Client) -> None:
    jakarta, sao_paulo = _lg("Jakarta", "ID"), _lg("São Paulo", "BR")
    response = _ask(client, jakarta, sao_paulo)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"slots", "no_common_hours"}
    assert body["no_common_hours"] is True
    assert len(body["slots"]) == 10
    first = body["slots"][0]
    assert set(first) == {"start_utc", "outside_minutes", "participants"}
    assert first["start_utc"] == "2026-12-07T01:00:00Z"
    assert first["outside_minutes"] == 60
    assert first["participants"] == [
        {
            "local_government": jakarta.pk,
            "local_start": "2026-12-07T08:00:00+07:00",
            "local_end": "2026-12-07T09:00:00+07:00",
            "outside_minutes": 0,
        },
        {
            "local_government": sao_paulo.pk,
            "local_start": "2026-12-06T22:00:00-03:00",
            "local_end": "2026-12-06T23:00:00-03:00",
            "outside_minutes": 60,
        },
    ]
    totals = [slot["outside_minutes"] for slot in body["slots"]]
    assert totals == sorted(totals)


def test_jakarta_and_manila_share_working_hours(client: Client) -> None:
    jakarta, manila = _lg("Jakarta", "ID"), _lg("Manila", "PH")
    body = _ask(client, jakarta, manila, minutes=90, limit=3).json()
    assert body["no_common_hours"] is False
    assert [slot["outside_minutes"] for slot in body["slots"]] == [0, 0, 0]
    # 08:00 in Jakarta is 09:00 in Manila: the first hour that suits both is 09:00 Manila.
    assert body["slots"][0]["participants"][1]["local_start"] == "2026-12-07T09:00:00+08:00"


def test_working_hours_and_days_can_be_chosen(client: Client) -> None:
    jakarta = _lg("Jakarta", "ID")
    body = _ask(
        client, jakarta, start="2026-12-12", end="2026-12-12", day_start="10:00", days="6"
    ).json()
    assert body["no_common_hours"] is False
    assert body["slots"][0]["participants"][0]["local_start"] == "2026-12-12T10:00:00+07:00"


def test_a_local_government_without_a_time_zone_takes_its_countrys_largest_city(
    client: Client,
) -> None:
    lg = LocalGovernmentFactory(city=None, city_name="Kabupaten Nowhere", country_id="PH")
    assert lg.timezone == ""
    body = _ask(client, lg, limit=1).json()
    assert body["slots"][0]["participants"][0]["local_start"].endswith("+08:00")


def test_the_openapi_document_lists_the_finder(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operation = paths[URL]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"local_governments", "start", "end", "minutes"} <= names
    assert "400" in operation["responses"] and "429" in operation["responses"]


# Refusals -----------------------------------------------------------------------------------


def _problem(response: Any, field: str) -> str:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert field in problem["errors"], problem
    return str(problem["detail"])


def test_unknown_ids_are_named(client: Client) -> None:
    jakarta = _lg("Jakarta", "ID")
    response = client.get(
        URL,
        {
            "local_governments": f"{jakarta.pk},999998,999999",
            "start": "2026-12-07",
            "end": "2026-12-11",
        },
    )
    assert _problem(response, "local_governments") == (
        "No local governments have the ids 999998, 999999."
    )
    words = client.get(
        URL, {"local_governments": "jakarta", "start": "2026-12-07", "end": "2026-12-07"}
    )
    assert _problem(words, "local_governments") == "“jakarta” is not a local government id."


def test_no_participants(client: Client) -> None:
    response = client.get(
        URL, {"local_governments": "", "start": "2026-12-07", "end": "2026-12-07"}
    )
    assert _problem(response, "local_governments") == "Choose at least one local government."


def test_a_range_over_ninety_days_is_refused_in_the_readers_language(client: Client) -> None:
    jakarta = _lg("Jakarta", "ID")
    response = client.get(
        URL,
        {"local_governments": jakarta.pk, "start": "2026-01-01", "end": "2026-04-01"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    detail = _problem(response, "end")
    assert "90" in detail and "91" in detail
    assert detail.startswith("Busque")


def test_end_before_start_and_bad_durations(client: Client) -> None:
    jakarta = _lg("Jakarta", "ID")
    assert _problem(_ask(client, jakarta, start="2026-12-11", end="2026-12-07"), "end") == (
        "The last day is before the first day."
    )
    for minutes in (0, -60, 481):
        assert _problem(_ask(client, jakarta, minutes=minutes), "minutes") == (
            "A meeting lasts from 1 to 480 minutes."
        )
    assert "day_end" in _ask(client, jakarta, day_start="18:00", day_end="08:00").json()["errors"]
    assert "days" in _ask(client, jakarta, days="0,8").json()["errors"]


def test_an_unknown_time_zone_names_its_local_government(client: Client) -> None:
    broken = _lg("Jakarta", "ID", name="Kota Atlantis", timezone="Atlantis/Capital")
    detail = _problem(_ask(client, broken), "local_governments")
    assert detail == "Kota Atlantis has a time zone Ponte does not know: “Atlantis/Capital”."


def test_the_finder_is_rate_limited_like_search(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    settings.PONTE_RATE_LIMITS = {**settings.PONTE_RATE_LIMITS, "search": "2/m"}
    jakarta = _lg("Jakarta", "ID")
    assert _ask(client, jakarta).status_code == 200
    assert _ask(client, jakarta).status_code == 200
    refused = _ask(client, jakarta)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) >= 1


def test_a_local_government_with_no_time_zone_to_be_found_is_asked_for_one(
    client: Client,
) -> None:
    country = Country.objects.filter(cities__isnull=True).order_by("pk").first()
    assert country is not None
    lg = LocalGovernmentFactory(
        city=None, city_name="Nowhere", name="Nowhere", country_id=country.pk
    )
    detail = _problem(_ask(client, lg), "local_governments")
    assert detail == "Nowhere has no time zone yet: set one on its profile."
