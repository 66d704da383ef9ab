"""What cooperation adds to the pages of apps below it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from ponte.cooperation.models import Participant, Partnership
from ponte.cooperation.selectors import (
    network_figures,
    partnership_list,
    programme_list,
    project_list,
)
from ponte.directory.slots import network_panels, profile_panels
from ponte.matching.slots import partner_groups, world_sources


@profile_panels.panel(
    key="cooperation.partnerships", template="cooperation/_profile_panel.html", order=20
)
def _profile_cooperation(request: HttpRequest, local_government: Any) -> dict[str, Any]:
    return {
        "partnerships": partnership_list(local_government=local_government),
        "projects": project_list(local_government=local_government),
    }


@network_panels.panel(key="cooperation.figures", template="cooperation/_network_panel.html")
def _network_cooperation(request: HttpRequest, network: Any) -> dict[str, Any]:
    return {"programmes": programme_list(network=network), "figures": network_figures(network)}


def _live_partner_groups() -> Iterable[list[int]]:
    """The local governments of each proposed or active partnership."""
    live = Participant.objects.filter(
        local_government__isnull=False,
        partnership__status__in=[Partnership.Status.PROPOSED, Partnership.Status.ACTIVE],
    ).values_list("partnership_id", "local_government_id")
    groups: dict[int, list[int]] = defaultdict(list)
    for partnership, local_government in live:
        groups[partnership].append(local_government)
    return groups.values()


partner_groups.add(_live_partner_groups, key="cooperation.partnerships")
world_sources.add(
    lambda: [(Participant, "id"), (Partnership, "version")], key="cooperation.partnerships"
)
