"""What the library adds to the pages of apps below it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ponte.directory.slots import profile_panels
from ponte.knowledge.selectors import ItemFilters, item_list


@profile_panels.panel(key="knowledge.items", template="knowledge/_profile_panel.html", order=10)
def _profile_items(request: HttpRequest, local_government: Any) -> dict[str, Any]:
    return {"items": item_list(request.user, ItemFilters(owner=local_government.slug))[:20]}
