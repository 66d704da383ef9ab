"""Who may see, edit and review library items (accounts/permissions.py explains rules).

The owner's focal points (and co-owners') and the publishing network's staff edit an item;
staff of a network the owner belongs to (or of the publishing network) review it; published
items are for everyone, the rest only for those who may edit or review them."""

from __future__ import annotations

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, member_of, staff_of
from ponte.knowledge.models import Item, Status


def _editors(user: User) -> Q:
    where = NOTHING
    if network := staff_of(user):
        where |= Q(publisher_network_id=network)
    if lg := member_of(user):
        where |= Q(owner_id=lg) | Q(co_owners=lg)
    return where


def _reviewers(user: User) -> Q:
    network = staff_of(user)
    if not network:
        return NOTHING
    return Q(publisher_network_id=network) | Q(owner__memberships__network_id=network)


can_edit_item: Rule[Item] = Rule(Item, "knowledge.edit_item", _editors)
can_review_item: Rule[Item] = Rule(Item, "knowledge.review_item", _reviewers)
can_view_item: Rule[Item] = (
    Rule(Item, "knowledge.published", public=Q(status=Status.PUBLISHED))
    | can_edit_item
    | can_review_item
)
