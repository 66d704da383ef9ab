"""What higher apps add to directory pages (core/slots.py explains the pattern).

- `profile_panels`: sections of a local government's profile; the context function gets the
  request and the `LocalGovernment`.
- `network_panels`: sections of a network's page; it gets the request and the `Network`.
- `committee_panels`: sections of a committee's page; it gets the request and the `Committee`.
- `contact_grants`: more people who may see a local government's contacts (below).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from ponte.accounts.models import User
from ponte.core.slots import PanelSlot, Slot

profile_panels = PanelSlot("directory.profile")
network_panels = PanelSlot("directory.network")
committee_panels = PanelSlot("directory.committee")

# Who else may see a local government's contacts: a higher app that knows of a relation
# between places (matching's accepted interests) adds a grant `(user) -> Q over
# LocalGovernment` here; `permissions.can_see_contacts` ORs them in when it is asked.
contact_grants: Slot[Callable[[User], Q]] = Slot("directory.contact_grants")
