"""Who may read and write in a conversation (accounts/permissions.py explains rules): the
focal points of the local governments in it."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of
from ponte.community.models import Conversation


def _participants(user: User) -> Q:
    lg = member_of(user)
    return Q(local_governments=lg) if lg else NOTHING


can_read_conversation: Rule[Conversation] = Rule(
    Conversation, "community.read_conversation", _participants
)
