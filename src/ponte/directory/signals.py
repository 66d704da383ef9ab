"""What happens in the directory that others may want to act on, sent as Django signals so
the directory need not know who listens (community notifies people of them: see
community/contributions.py).

- `affiliation_requested(user, local_government)`: someone signed up asking to be a focal
  point of a local government.
- `affiliation_decided(user, local_government, approved, reason, actor)`: network staff
  confirmed or refused it (`reason` says why a refusal was made).
- `membership_changed(local_government, network, change, role)`: network staff added a
  local government to the network ("added"), changed its role ("role")
  or removed it ("removed"); `role` is the Membership.Role value.
"""

from __future__ import annotations

from django.dispatch import Signal

affiliation_requested = Signal()
affiliation_decided = Signal()
membership_changed = Signal()
