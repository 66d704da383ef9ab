"""Input that used to break pages for everyone or answer 500: quantities beyond what a field
holds, pledges to requests that do not exist."""

from __future__ import annotations

import pytest

from ponte.accounts.permissions import SYSTEM
from ponte.core.exceptions import ApplicationError
from ponte.exchange import services
from ponte.exchange.models import Pledge, SolidarityItem, SolidarityRequest

FORM = {
    "title": "After the flood",
    "description": "Water for the shelters.",
    "language": "en",
    "delivery_place": "City hall",
}


@pytest.mark.parametrize("quantity", ["1e30", "1e999", "123456789012345", "1.005", "NaN", "inf"])
def test_a_quantity_the_field_cannot_hold_is_refused_and_pages_keep_working(
    client, world, quantity: str
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    response = client.post(
        "/exchange/solidarity/new/", {**FORM, "items": f"{quantity}; boxes; water"}
    )
    assert response.status_code == 400
    assert "Item 1" in response.content.decode()
    assert SolidarityRequest.objects.count() == 0
    assert SolidarityItem.objects.count() == 0
    assert client.get("/exchange/solidarity/").status_code == 200
    assert client.get("/api/v1/solidarity-requests").status_code == 200


def test_the_largest_quantity_that_fits_is_kept_and_shown(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    response = client.post(
        "/exchange/solidarity/new/", {**FORM, "items": "999999999999.99; boxes; water"}
    )
    assert response.status_code == 302
    request = SolidarityRequest.objects.get()
    assert client.get(f"/exchange/solidarity/{request.pk}/").status_code == 200
    body = client.get("/api/v1/solidarity-requests").json()
    assert body["results"][0]["items"][0]["quantity"] == "999999999999.99"


def test_a_pledge_beyond_the_field_is_refused_by_the_service(world) -> None:  # type: ignore[no-untyped-def]
    request = services.solidarity_request_create(
        actor=SYSTEM,
        local_government=world["recife"],
        data={**FORM, "language": "pt"},
        items=[{"name": "Water", "quantity": "10", "unit": "boxes"}],
    )
    for quantity in ("1e30", "0.001"):
        with pytest.raises(ApplicationError) as caught:
            services.pledge_create(
                actor=SYSTEM,
                item=request.items.get(),
                local_government=world["surabaya"],
                quantity=quantity,
                confirm_over=True,
            )
        assert "quantity" in caught.value.errors
    assert Pledge.objects.count() == 0


def test_a_pledge_to_a_request_that_does_not_exist_is_a_404_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["surabaya_member"])
    response = client.post("/exchange/solidarity/999999/pledge/", {"item": 1, "quantity": "1"})
    assert response.status_code == 404
    assert "Something is not right" in response.content.decode()


def test_an_external_id_longer_than_its_column_is_refused_by_the_import(world) -> None:  # type: ignore[no-untyped-def]
    import io
    import json

    from ponte.core.rows import ImportRejected, read_rows
    from ponte.exchange import transfer
    from ponte.exchange.models import Need

    row = {
        "external_id": "n" * 5000,
        "title": "Flood maps",
        "description": "We need flood maps.",
        "language": "en",
        "city": "Surabaya",
        "country": "ID",
    }
    rows = read_rows(io.StringIO(json.dumps(row) + "\n"), "jsonl", fields=transfer.NEED_FIELDS)
    with pytest.raises(ImportRejected) as caught:
        transfer.import_needs(rows)
    assert caught.value.problems == [
        (1, "external_id: Ensure this value has at most 200 characters (it has 5000).")
    ]
    assert Need.objects.count() == 0
