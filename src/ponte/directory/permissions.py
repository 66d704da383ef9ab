"""Who may change the directory: a local government's own focal points edit its profile;
a network's staff manage its members and committees and confirm focal points of its
members (accounts/permissions.py explains rules)."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of, staff_of
from ponte.directory.models import Committee, LocalGovernment, Network


def _own_local_government(user: User) -> Q:
    lg = member_of(user)
    return Q(pk=lg) if lg else NOTHING


def _own_network(user: User) -> Q:
    network = staff_of(user)
    return Q(pk=network) if network else NOTHING


def _own_network_committees(user: User) -> Q:
    network = staff_of(user)
    return Q(network_id=network) if network else NOTHING


def _members_of_own_network(user: User) -> Q:
    network = staff_of(user)
    return Q(memberships__network_id=network) if network else NOTHING


can_edit_local_government: Rule[LocalGovernment] = Rule(
    LocalGovernment, "directory.edit_local_government", _own_local_government
)
# Pledge, express interest or answer in the name of a local government.
can_act_for = can_edit_local_government
can_manage_network: Rule[Network] = Rule(Network, "directory.manage_network", _own_network)
can_manage_committee: Rule[Committee] = Rule(
    Committee, "directory.manage_committee", _own_network_committees
)
# Network staff moderate (review, confirm focal points of) their network's members.
can_moderate_for: Rule[LocalGovernment] = Rule(
    LocalGovernment, "directory.moderate", _members_of_own_network
)
