"""What higher apps add to cooperation pages (core/slots.py explains the pattern).

- `partnership_panels`: sections of a partnership's page; the context function gets the
  request and the `Partnership` (events: upcoming events and "plan an exchange").
- `project_panels`: sections of a project's page; it gets the request and the `Project`.
"""

from __future__ import annotations

from ponte.core.slots import PanelSlot

partnership_panels = PanelSlot("cooperation.partnership")
project_panels = PanelSlot("cooperation.project")
