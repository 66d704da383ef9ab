"""Demo directory: real networks, committees and member local governments (demo/directory.json).

Focal points, roles and some membership years are invented; every record is marked is_demo.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ponte.directory.models import (
    City,
    Committee,
    CommitteeMembership,
    FocalPoint,
    LocalGovernment,
    Membership,
    Network,
)
from ponte.directory.services import refresh_search_names

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo" / "directory.json"


def read_demo_directory() -> dict[str, Any]:
    with DEMO_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@transaction.atomic
def load_demo_directory() -> dict[str, int]:
    data = read_demo_directory()
    networks: dict[str, Network] = {}
    for item in data["networks"]:
        networks[item["slug"]], _ = Network.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "acronym": item.get("acronym") or "",
                "kind": item["kind"],
                "region": item.get("region") or "",
                "website": item.get("website") or "",
                "founded": item.get("founded"),
                "description": item["description"]["en"],
                "is_demo": True,
            },
        )
        networks[item["slug"]].working_languages.set(item.get("working_languages", []))
    committees: dict[str, Committee] = {}
    for item in data["committees"]:
        committee, _ = Committee.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "network": networks[item["network"]],
                "name": item["name"],
                "kind": item["kind"],
                "description": item["description"]["en"],
                "is_demo": True,
            },
        )
        committee.themes.set(item.get("themes", []))
        committees[item["slug"]] = committee
    for item in data["local_governments"]:
        city = City.objects.get(geonameid=item["geonameid"])
        lg = LocalGovernment.objects.filter(
            city=city, name=item["name"]
        ).first() or LocalGovernment(slug=slugify(f"{item['name']}-{item['country']}"))
        lg.name = item["name"]
        lg.official_name = item.get("official_name") or ""
        lg.level = item["level"]
        lg.city = city
        lg.country_id = item["country"]
        lg.population = city.population
        lg.latitude, lg.longitude, lg.timezone = city.latitude, city.longitude, city.timezone
        lg.website = item.get("website") or ""
        lg.coastal = bool(item.get("coastal"))
        lg.is_demo = True
        refresh_search_names(lg)
        lg.full_clean(exclude=["slug"])
        lg.save()
        lg.languages.set(item.get("languages", []))
        lg.hazards.set(item.get("hazards", []))
        lg.themes.set(item.get("themes", []))
        lg.sdg_targets.set(item.get("sdg_targets", []))
        focal = item.get("focal_point")
        if focal:
            FocalPoint.objects.update_or_create(
                local_government=lg,
                email=focal["email"],
                defaults={"name": focal["name"], "role": focal.get("role", "")},
            )
        for membership in item.get("memberships", []):
            Membership.objects.update_or_create(
                local_government=lg,
                network=networks[membership["network"]],
                defaults={
                    "since": membership.get("since"),
                    "role": membership.get("role", "member"),
                },
            )
        for slug in item.get("committees", []):
            CommitteeMembership.objects.get_or_create(
                committee=committees[slug], local_government=lg
            )
    return {
        "networks": len(networks),
        "committees": len(committees),
        "local_governments": len(data["local_governments"]),
    }
