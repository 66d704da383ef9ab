"""What matching adds to the pages of apps below it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ponte.exchange.slots import need_panels


@need_panels.panel(key="matching.need", template="matching/_need_panel.html")
def _need_matches(request: HttpRequest, need: Any) -> dict[str, Any]:
    # The matches themselves load after the page shows (htmx), so the page stays fast.
    return {"need": need}
