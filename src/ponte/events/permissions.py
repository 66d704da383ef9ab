"""Who may see and change events (accounts/permissions.py explains rules).

An event is edited (and published, cancelled, its outputs recorded, attendance marked) by the
focal points of its organising local governments and by staff of its organising networks or
of a network an organising local government belongs to. Anyone sees a published or cancelled
event; a draft only its organisers."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of, staff_of
from ponte.events.models import Event, Status


def _organisers(user: User) -> Q:
    if lg := member_of(user):
        return Q(local_governments__id=lg)
    if network := staff_of(user):
        return Q(networks__id=network) | Q(local_governments__memberships__network_id=network)
    return NOTHING


can_edit_event: Rule[Event] = Rule(Event, "events.edit_event", _organisers)
can_view_event: Rule[Event] = Rule(
    Event,
    "events.view_event",
    _organisers,
    public=Q(status__in=[Status.PUBLISHED, Status.CANCELLED]),
)
