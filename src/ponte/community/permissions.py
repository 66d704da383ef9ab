"""Who may read and write in a conversation (accounts/permissions.py explains rules): the
focal points of the local governments in it, and the staff of the networks in it."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of, staff_of
from ponte.community.models import Conversation


def _participants(user: User) -> Q:
    where = NOTHING
    if lg := member_of(user):
        where |= Q(local_governments=lg)
    if network := staff_of(user):
        where |= Q(networks=network)
    return where


can_read_conversation: Rule[Conversation] = Rule(
    Conversation, "community.read_conversation", _participants
)
