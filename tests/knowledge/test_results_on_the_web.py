"""A practice's results are edited on the web as the import reads them (indicator, unit,
baseline, target, achieved, year; the same decimal checks), and its barriers, enabling
factors and lessons have versions in other languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ponte.accounts.permissions import SYSTEM
from ponte.core.exceptions import ApplicationError
from ponte.knowledge import services
from ponte.knowledge.models import Item, Result
from tests.factories import ItemFactory

FORM = {
    "type": "practice",
    "title": "Waste banks",
    "summary": "Households sell sorted waste.",
    "body": "How it works.",
    "language": "en",
    "results-TOTAL_FORMS": "2",
    "results-INITIAL_FORMS": "0",
    "results-MIN_NUM_FORMS": "0",
    "results-MAX_NUM_FORMS": "50",
}


def test_the_import_and_the_service_read_a_year_and_refuse_a_bad_one(world) -> None:  # type: ignore[no-untyped-def]
    rows = [{"indicator": "Households", "unit": "households", "achieved": "230", "year": "2024"}]
    (result,) = services.parse_results(rows)
    assert result.year == 2024 and result.achieved == Decimal("230")
    for bad in ({"year": "1492"}, {"year": "soon"}, {"achieved": "1e30"}):
        with pytest.raises(ApplicationError):
            services.parse_results([{"indicator": "Households", "unit": "households", **bad}])


def test_a_focal_point_records_results_in_the_form(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    form = client.get("/library/new/").content.decode()
    assert 'name="results-0-indicator"' in form and 'name="results-0-year"' in form
    data = {
        **FORM,
        "results-0-indicator": "Households sorting waste",
        "results-0-unit": "households",
        "results-0-baseline": "1200",
        "results-0-target": "5000",
        "results-0-achieved": "4310.5",
        "results-0-year": "2024",
    }
    bad = client.post("/library/new/", {**data, "results-0-achieved": "lots"})
    assert bad.status_code == 400 and not Item.objects.exists()
    no_unit = client.post("/library/new/", {**data, "results-0-unit": ""})
    assert no_unit.status_code == 400 and "has no unit" in no_unit.content.decode()
    assert client.post("/library/new/", data).status_code == 302
    result = Result.objects.get()
    assert (result.indicator, result.baseline, result.achieved, result.year) == (
        "Households sorting waste",
        Decimal("1200"),
        Decimal("4310.5"),
        2024,
    )
    item = Item.objects.get()
    page = client.get(f"/library/{item.slug}/edit/").content.decode()
    assert 'value="Households sorting waste"' in page
    edit = {
        **data,
        "version": item.version,
        "results-INITIAL_FORMS": "1",
        "results-0-DELETE": "on",
    }
    assert client.post(f"/library/{item.slug}/edit/", edit).status_code == 302
    assert not Result.objects.exists()


def test_an_edit_that_sends_no_results_keeps_them(client, world) -> None:  # type: ignore[no-untyped-def]
    item = ItemFactory(owner=world["surabaya"], status="draft", title="Sirens")
    Result.objects.create(item=item, indicator="Sirens", unit="sirens", achieved=12)
    client.force_login(world["surabaya_member"])
    plain = {k: v for k, v in FORM.items() if not k.startswith("results-")}
    response = client.post(
        f"/library/{item.slug}/edit/", {**plain, "title": "Sirens", "version": item.version}
    )
    assert response.status_code == 302 and Result.objects.filter(item=item).count() == 1


def test_lessons_and_barriers_have_versions_in_other_languages(client, world) -> None:  # type: ignore[no-untyped-def]
    item = ItemFactory(owner=world["surabaya"], title="Sirens", lessons="Start small.")
    Item.objects.filter(pk=item.pk).update(barriers="Budget cycles.")
    services.translation_save(
        actor=SYSTEM,
        item=item,
        language="es",
        title="Sirenas",
        summary="Alertas.",
        body="",
        lessons="Empieza en pequeño.",
    )
    page = client.get(f"/library/{item.slug}/?lang=es").content.decode()
    assert '<p lang="es">Empieza en pequeño.</p>' in page
    # Not translated yet: shown in the original language, and marked as such.
    assert '<p lang="en">Budget cycles.</p>' in page
    client.force_login(world["surabaya_member"])
    form = client.get(f"/library/{item.slug}/translate/").content.decode()
    assert 'name="lessons"' in form and 'name="barriers"' in form
