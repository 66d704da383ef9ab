"""Who may see, edit and review needs and offers (accounts/permissions.py explains rules).

A need or offer is edited by its local government's focal points, or, for an offer in a
network's name, by that network's staff. Staff of a network the local government belongs to
(or of the offering network) review it. Open, closed and expired posts are for everyone."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ponte.accounts.models import User
from ponte.accounts.permissions import NOTHING, Rule, SystemActor, member_of, staff_of
from ponte.directory.models import LocalGovernment
from ponte.directory.permissions import can_edit_local_government, can_moderate_for
from ponte.exchange.models import Need, Offer, PostStatus

PUBLIC = Q(status__in=(PostStatus.OPEN, PostStatus.CLOSED, PostStatus.EXPIRED))


def _need_editors(user: User) -> Q:
    lg = member_of(user)
    return Q(local_government_id=lg) if lg else NOTHING


def _offer_editors(user: User) -> Q:
    where = NOTHING
    if lg := member_of(user):
        where |= Q(network__isnull=True, local_government_id=lg)
    if network := staff_of(user):
        where |= Q(network_id=network)
    return where


def _need_reviewers(user: User) -> Q:
    network = staff_of(user)
    return Q(local_government__memberships__network_id=network) if network else NOTHING


def _offer_reviewers(user: User) -> Q:
    network = staff_of(user)
    if not network:
        return NOTHING
    return Q(network_id=network) | Q(
        network__isnull=True, local_government__memberships__network_id=network
    )


edit_need: Rule[Need] = Rule(Need, "exchange.edit_need", _need_editors)
edit_offer: Rule[Offer] = Rule(Offer, "exchange.edit_offer", _offer_editors)
review_need: Rule[Need] = Rule(Need, "exchange.review_need", _need_reviewers)
review_offer: Rule[Offer] = Rule(Offer, "exchange.review_offer", _offer_reviewers)
view_need: Rule[Need] = Rule(Need, "exchange.public_need", public=PUBLIC) | edit_need | review_need
view_offer: Rule[Offer] = (
    Rule(Offer, "exchange.public_offer", public=PUBLIC) | edit_offer | review_offer
)

EDIT: dict[type[Any], Rule[Any]] = {Need: edit_need, Offer: edit_offer}
REVIEW: dict[type[Any], Rule[Any]] = {Need: review_need, Offer: review_offer}
VIEW: dict[type[Any], Rule[Any]] = {Need: view_need, Offer: view_offer}


def can_edit_post(actor: Any, post: Need | Offer) -> bool:
    return EDIT[type(post)](actor, post)


def can_review_post(actor: Any, post: Need | Offer) -> bool:
    return REVIEW[type(post)](actor, post)


def can_view_post(actor: Any, post: Need | Offer) -> bool:
    return VIEW[type(post)](actor, post)


def only_ponte(actor: Any, post: Need | Offer) -> bool:
    """What Ponte does on its own (expiry), never a person, not even an administrator."""
    return isinstance(actor, SystemActor)


# Ask for urgent help in a local government's name: its own focal points, or the staff of a
# network it belongs to, on its behalf (the request then says so).
can_ask_help_for: Rule[LocalGovernment] = can_edit_local_government | can_moderate_for
