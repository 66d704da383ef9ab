"""Who may change programmes, partnerships and projects (accounts/permissions.py explains
rules).

A programme is edited by the staff of the networks that lead or co-lead it. A partnership is
edited by its participants' focal points and by staff of a participating network or of a
network a participant belongs to; a project likewise by its organisations, and by staff of
the networks that lead its programme."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of, staff_of
from ponte.cooperation.models import Partnership, Programme, Project


def _partners(user: User) -> Q:
    if lg := member_of(user):
        return Q(participants__local_government_id=lg)
    if network := staff_of(user):
        return Q(participants__network_id=network) | Q(
            participants__local_government__memberships__network_id=network
        )
    return NOTHING


def _project_organisations(user: User) -> Q:
    if lg := member_of(user):
        return Q(organisations__local_government_id=lg)
    if network := staff_of(user):
        return (
            Q(organisations__network_id=network)
            | Q(programme__lead_network_id=network)
            | Q(programme__co_lead_networks=network)
            | Q(organisations__local_government__memberships__network_id=network)
        )
    return NOTHING


def _programme_leads(user: User) -> Q:
    network = staff_of(user)
    return Q(lead_network_id=network) | Q(co_lead_networks=network) if network else NOTHING


can_edit_programme: Rule[Programme] = Rule(
    Programme, "cooperation.edit_programme", _programme_leads
)
can_edit_partnership: Rule[Partnership] = Rule(
    Partnership, "cooperation.edit_partnership", _partners
)
can_edit_project: Rule[Project] = Rule(Project, "cooperation.edit_project", _project_organisations)
