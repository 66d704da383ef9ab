"""What higher apps add to directory pages (core/slots.py explains the pattern).

- `profile_panels`: sections of a local government's profile; the context function gets the
  request and the `LocalGovernment`.
- `network_panels`: sections of a network's page; it gets the request and the `Network`.
"""

from __future__ import annotations

from ponte.core.slots import PanelSlot

profile_panels = PanelSlot("directory.profile")
network_panels = PanelSlot("directory.network")
