"""Demo programmes named in the seed article (CRIC, LOCALISE SDGs, LEAD4SDGs, Palu…)."""

from __future__ import annotations

from django.db import transaction

from ponte.cooperation.models import Programme
from ponte.directory.demo import read_demo_directory
from ponte.directory.models import Network


@transaction.atomic
def load_demo_programmes() -> int:
    items = read_demo_directory().get("programmes", [])
    for item in items:
        programme, _ = Programme.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "acronym": item.get("acronym") or "",
                "lead_network": Network.objects.filter(slug=item.get("network")).first(),
                "funders": item.get("funders", []),
                "start_year": item.get("start"),
                "end_year": item.get("end"),
                "description": item["description"]["en"],
                "is_demo": True,
            },
        )
        programme.countries.set(item.get("countries", []))
        programme.themes.set(item.get("themes", []))
        programme.sdg_goals.set(item.get("sdg_goals", []))
    return len(items)
