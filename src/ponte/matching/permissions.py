"""Who may see and answer an interest in a match (accounts/permissions.py explains rules).

An interest is between its two parties: the local government that expressed it and the local
government or network that received it. Staff of the networks either local government
belongs to may follow it (they broker between their members); nobody else sees it. A match
a network's staff propose between two of its members (brokered) is answered by both."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of, staff_of
from ponte.directory.models import LocalGovernment
from ponte.matching.models import Interest


def addressed_to(user: User) -> Q:
    """The interests sent to this person's own side: their local government, or their network
    for its offers (an administrator's own side has none)."""
    where = NOTHING
    if lg := member_of(user):
        where |= Q(to_local_government_id=lg)
        # A brokered match is proposed to both sides.
        where |= Q(brokered_by__isnull=False, from_local_government_id=lg)
    if network := staff_of(user):
        where |= Q(to_network_id=network)
    return where


def _members_of_own_network(user: User) -> Q:
    network = staff_of(user)
    return Q(memberships__network_id=network) if network else NOTHING


def _parties_and_their_networks(user: User) -> Q:
    where = addressed_to(user)
    if lg := member_of(user):
        where |= Q(from_local_government_id=lg)
    if network := staff_of(user):
        where |= Q(from_local_government__memberships__network_id=network) | Q(
            to_local_government__memberships__network_id=network
        )
    return where


can_answer_interest: Rule[Interest] = Rule(Interest, "matching.answer_interest", addressed_to)
can_see_interest: Rule[Interest] = Rule(
    Interest, "matching.see_interest", _parties_and_their_networks
)
# A network's staff propose matches between members of their network.
can_broker_for: Rule[LocalGovernment] = Rule(
    LocalGovernment, "matching.broker_for", _members_of_own_network
)
