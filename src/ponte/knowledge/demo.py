"""Demo library: practices and resources written for the demo (data/demo/practices_*.json),
owned by the demo directory's local governments and networks, all marked as demo."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ponte.accounts.permissions import SYSTEM
from ponte.directory.models import LocalGovernment, Network
from ponte.knowledge import services
from ponte.knowledge.models import Item, ItemType, Status

DEMO_DIR = Path(__file__).resolve().parent / "data" / "demo"


def _owner(entry: dict[str, Any]) -> services.Owner:
    if entry.get("city"):
        lg = LocalGovernment.objects.filter(name=entry["city"], country_id=entry["country"]).first()
        if lg is None:
            raise LookupError(
                f"Demo item {entry['external_id']}: no local government {entry['city']}."
            )
        return services.Owner(local_government=lg)
    return services.Owner(network=Network.objects.get(slug=entry["publisher_network"]))


@transaction.atomic
def load_demo_library() -> int:
    count = 0
    for path in sorted(DEMO_DIR.glob("practices_*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        for days_ago, entry in enumerate(entries):
            if Item.objects.filter(external_id=entry["external_id"]).exists():
                continue
            data = {
                key: entry.get(key)
                for key in (
                    "external_id",
                    "title",
                    "summary",
                    "body",
                    "language",
                    "themes",
                    "sdg_targets",
                    "hazards",
                    "period_start",
                    "period_end",
                    "cost_band",
                    "funding_sources",
                    "barriers",
                    "enabling_factors",
                    "lessons",
                    "links",
                    "results",
                )
            }
            data["type"] = entry.get("type") or ItemType.PRACTICE
            data["status"] = Status.PUBLISHED
            data["published_at"] = timezone.now() - timedelta(days=days_ago * 3)
            data = {key: value for key, value in data.items() if value is not None}
            item = services.item_create(actor=SYSTEM, owner=_owner(entry), data=data, is_demo=True)
            for version in entry.get("translations") or []:
                services.translation_save(
                    actor=SYSTEM,
                    item=item,
                    language=version["language"],
                    title=version["title"],
                    summary=version["summary"],
                    body=version.get("body", ""),
                    origin=version.get("origin", "human"),
                )
            count += 1
    return count
