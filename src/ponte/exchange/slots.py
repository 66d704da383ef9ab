"""What higher apps add to exchange pages (core/slots.py explains the pattern).

- `need_panels`: sections of a need's page; the context function gets the request and the
  `Need` (matching shows who could help).
- `offer_panels`: sections of an offer's page; it gets the request and the `Offer`.
"""

from __future__ import annotations

from ponte.core.slots import PanelSlot

need_panels = PanelSlot("exchange.need")
offer_panels = PanelSlot("exchange.offer")
