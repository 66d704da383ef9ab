"""Demo exchange (data/demo/exchange.json): open needs and offers in en/es/pt/id from cities
of both regions, and solidarity requests with pledges, all marked as demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from ponte.accounts.permissions import SYSTEM
from ponte.directory.models import LocalGovernment, Network
from ponte.exchange import services
from ponte.exchange.models import Need, Offer, Pledge, PostStatus, SolidarityRequest

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo" / "exchange.json"
POST_FIELDS = ("title", "description", "language", "themes", "sdg_targets", "hazards", "formats")


def _place(slug: str) -> LocalGovernment:
    found = LocalGovernment.objects.filter(slug=slug).first()
    if found is None:
        raise LookupError(f"Demo exchange: no local government {slug!r}.")
    return found


def _post_data(entry: dict[str, Any]) -> dict[str, Any]:
    data = {key: entry[key] for key in POST_FIELDS if key in entry}
    data["external_id"] = entry["id"]
    data["status"] = PostStatus.OPEN
    return data


@transaction.atomic
def load_demo_exchange() -> dict[str, int]:
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    counts = {"needs": 0, "offers": 0, "solidarity_requests": 0, "pledges": 0}
    for entry in data["needs"]:
        if Need.objects.filter(external_id=entry["id"]).exists():
            continue
        services.need_create(
            actor=SYSTEM,
            local_government=_place(entry["local_government"]),
            data={
                **_post_data(entry),
                "preferred_languages": entry.get("preferred_languages", []),
                "deadline": entry.get("deadline"),
            },
            is_demo=True,
        )
        counts["needs"] += 1
    for entry in data["offers"]:
        if Offer.objects.filter(external_id=entry["id"]).exists():
            continue
        provider = (
            services.Provider(local_government=_place(entry["local_government"]))
            if entry.get("local_government")
            else services.Provider(network=Network.objects.get(slug=entry["network"]))
        )
        services.offer_create(
            actor=SYSTEM,
            provider=provider,
            data={
                **_post_data(entry),
                "kind": entry.get("kind") or Offer.Kind.EXPERTISE,
                "languages": entry.get("languages", []),
                "practice": entry.get("practice"),
            },
            is_demo=True,
        )
        counts["offers"] += 1
    for entry in data["solidarity_requests"]:
        if SolidarityRequest.objects.filter(external_id=entry["id"]).exists():
            continue
        request = services.solidarity_request_create(
            actor=SYSTEM,
            local_government=_place(entry["local_government"]),
            data={**entry, "external_id": entry["id"]},
            items=entry["items"],
            is_demo=True,
        )
        items = list(request.items.order_by("position"))
        for pledge in entry.get("pledges", []):
            created = services.pledge_create(
                actor=SYSTEM,
                item=items[pledge["item"]],
                local_government=_place(pledge["local_government"]),
                quantity=pledge["quantity"],
                note=pledge.get("note", ""),
            )
            if pledge.get("status") in (Pledge.Status.SHIPPED, Pledge.Status.RECEIVED):
                Pledge.objects.filter(pk=created.pk).update(status=pledge["status"])
            counts["pledges"] += 1
        counts["solidarity_requests"] += 1
    return counts
