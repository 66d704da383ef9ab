"""Who may change the directory: a local government's own focal points edit its profile;
a network's staff manage its members and committees and confirm focal points of its
members (accounts/permissions.py explains rules). Who may see a local government's contacts
is `can_see_contacts`, below."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of, staff_of
from ponte.directory.models import Committee, LocalGovernment, Network
from ponte.directory.slots import contact_grants


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


# Contacts ---------------------------------------------------------------------------------
# A local government's contacts (its focal points' names, emails and phones) are seen by the
# people who have a reason to write to it, never by the whole internet: its own focal points,
# focal points of places that share a network with it, staff of its networks, the parties of
# an accepted match with it (matching adds that through `slots.contact_grants`), and admins.
# Everyone else is told that contacts exist and how to come to see them.


def _shares_a_network(user: User) -> Q:
    lg = member_of(user)
    return Q(memberships__network__memberships__local_government_id=lg) if lg else NOTHING


def _granted_by_other_apps(user: User) -> Q:
    where = NOTHING
    for grant in contact_grants:
        where = where | grant(user)
    return where


can_see_contacts: Rule[LocalGovernment] = (
    Rule(LocalGovernment, "directory.contacts.own", _own_local_government)
    | Rule(LocalGovernment, "directory.contacts.shared_network", _shares_a_network)
    | Rule(LocalGovernment, "directory.contacts.network_staff", _members_of_own_network)
    | Rule(LocalGovernment, "directory.contacts.other", _granted_by_other_apps)
)
