"""Numbers, quantities and periods follow the reader's locale (issue 13): an English table
showed `01/01/2027 – 12/31/2027`, timelines `230.0000 businesses`, quantities `30000`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ponte.accounts.permissions import SYSTEM
from ponte.cooperation import services as cooperation
from ponte.core.formats import date_range, quantity
from ponte.exchange import services as exchange
from tests.cooperation.factories import ProjectFactory
from tests.factories import LocalGovernmentFactory

GROUPED = {"en": "30,000", "es": "30.000", "pt": "30.000", "id": "30.000"}
HALF = {"en": "12.5", "es": "12,5", "pt": "12,5", "id": "12,5"}


def plain(text: str) -> str:
    """Babel separates with thin and no-break spaces; compare them as spaces."""
    return text.replace("\u2009", " ").replace("\u202f", " ").replace("\xa0", " ")


YEAR_2027 = {
    "en": "Jan 1 – Dec 31, 2027",
    "es": "1 ene – 31 dic 2027",
    "pt": "1 de jan. – 31 de dez. de 2027",
    "id": "1 Jan–31 Des 2027",
}


@pytest.mark.parametrize("language", ["en", "es", "pt", "id"])
def test_quantities_are_grouped_without_trailing_zeros(language: str) -> None:
    with translation.override(language):
        assert quantity(Decimal("30000.0000")) == GROUPED[language]
        assert quantity(Decimal("12.5000")) == HALF[language]
        assert quantity(Decimal("230.0000")) == "230"
        assert quantity(0) == "0"


@pytest.mark.parametrize("language", ["en", "es", "pt", "id"])
def test_a_period_is_written_as_the_reader_writes_it(language: str) -> None:
    with translation.override(language):
        assert plain(date_range(date(2027, 1, 1), date(2027, 12, 31))) == YEAR_2027[language]
        assert "2027" in date_range(date(2027, 1, 1), None)
        assert date_range(None, None) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "pt", "id"])
def test_a_solidarity_request_shows_its_quantities_in_the_readers_style(language: str) -> None:
    request_ = exchange.solidarity_request_create(
        actor=SYSTEM,
        local_government=LocalGovernmentFactory(),
        data={"title": "Water", "description": "x", "language": "en", "delivery_place": "Hall"},
        items=[{"name": "Bottled water", "quantity": "30000", "unit": "litres"}],
    )
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = client.get(reverse("exchange:solidarity-detail", args=[request_.pk])).content.decode()
    assert f"{GROUPED[language]} litres" in page
    assert "30000" not in page
    listing = client.get(reverse("exchange:solidarity")).content.decode()
    assert GROUPED[language] in listing and "30000.00" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "pt", "id"])
def test_a_project_shows_results_and_budget_periods_in_the_readers_style(language: str) -> None:
    project = ProjectFactory(title="Markets")
    cooperation.result_add(
        actor=SYSTEM,
        project=project,
        title="Businesses reopened",
        indicator="Businesses",
        unit="businesses",
        periods=[
            {
                "period_start": date(2027, 1, 1),
                "period_end": date(2027, 12, 31),
                "target": "30000",
                "actual": "230",
            }
        ],
    )
    cooperation.budget_add(
        actor=SYSTEM,
        project=project,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        value="1000",
        currency="USD",
    )
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = plain(client.get(reverse("cooperation:project", args=[project.pk])).content.decode())
    assert "Businesses reopened: 230 businesses" in page  # the timeline
    assert "230.0000" not in page
    assert GROUPED[language] in page  # the target
    assert YEAR_2027[language] in page  # the budget's period
    assert "01/01/2027" not in page
