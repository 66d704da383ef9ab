"""What higher apps feed into the matching world (core/slots.py explains the pattern).

- `partner_groups`: callables returning groups of local-government ids that already work
  together (cooperation's live partnerships), so matching can leave current partners out.
- `world_sources`: callables returning (model, field) pairs whose count and latest value are
  part of the world's fingerprint: a change there rebuilds the world.
- `interest_actions`: links shown on an accepted match (events: "plan an exchange").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ponte.core.slots import Slot

partner_groups: Slot[Callable[[], Iterable[list[int]]]] = Slot("matching.partner_groups")
world_sources: Slot[Callable[[], list[tuple[Any, str]]]] = Slot("matching.world_sources")

# Links a higher app offers on an accepted match (events: "plan an exchange"): a callable
# (request, interest) -> (label, url), or None when it has nothing for this reader.
interest_actions: Slot[Callable[[Any, Any], tuple[str, str] | None]] = Slot(
    "matching.interest_actions"
)
