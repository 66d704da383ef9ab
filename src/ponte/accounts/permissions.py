"""Object-level permission rules: who may change what. Services call these before writing.

Roles: a visitor (anonymous) reads public content; a member edits its own local
government; network staff manage their network (memberships, committees) and moderate its
members' content; a platform admin may do everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ponte.accounts.models import Role
from ponte.core.exceptions import PermissionDeniedError

if TYPE_CHECKING:
    from ponte.directory.models import Committee, LocalGovernment, Network
    from ponte.exchange.models import Need, Offer
    from ponte.knowledge.models import Item


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_platform_admin)


def can_edit_local_government(user: Any, local_government: LocalGovernment) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return user.role == Role.MEMBER and user.local_government_id == local_government.pk


def can_manage_network(user: Any, network: Network) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return user.is_network_staff and user.network_id == network.pk


def can_manage_committee(user: Any, committee: Committee) -> bool:
    return can_manage_network(user, committee.network)


def can_moderate_for(user: Any, local_government: LocalGovernment) -> bool:
    """Network staff moderate content owned by members of their network."""
    if is_admin(user):
        return True
    if not (user.is_authenticated and user.is_network_staff):
        return False
    return local_government.memberships.filter(network_id=user.network_id).exists()


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDeniedError(message)


# Knowledge items -----------------------------------------------------------------------------


def can_edit_item(user: Any, item: Item) -> bool:
    """Owners' focal points and the publishing network's staff edit an item."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if user.is_network_staff and item.publisher_network_id == user.network_id:
        return True
    if user.role != Role.MEMBER or user.local_government_id is None:
        return False
    if item.owner_id == user.local_government_id:
        return True
    return item.co_owners.filter(pk=user.local_government_id).exists()


def can_review_item(user: Any, item: Item) -> bool:
    """Staff of a network the owner belongs to (or of the publishing network) review it."""
    if is_admin(user):
        return True
    if not (user.is_authenticated and user.is_network_staff):
        return False
    if item.publisher_network_id == user.network_id:
        return True
    return item.owner is not None and can_moderate_for(user, item.owner)


def can_view_item(user: Any, item: Item) -> bool:
    from ponte.knowledge.models import Status

    if item.status == Status.PUBLISHED:
        return True
    return can_edit_item(user, item) or can_review_item(user, item)


# Exchange: needs, offers, solidarity requests ------------------------------------------------


def can_edit_post(user: Any, post: Need | Offer) -> bool:
    """A need or offer is edited by its local government, or by staff of the offering
    network."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    network_id = getattr(post, "network_id", None)
    if network_id is not None:
        return bool(user.is_network_staff and user.network_id == network_id)
    lg = post.local_government
    return lg is not None and can_edit_local_government(user, lg)


def can_review_post(user: Any, post: Need | Offer) -> bool:
    """Staff of a network the local government belongs to (or of the offering network)."""
    if is_admin(user):
        return True
    if not (user.is_authenticated and user.is_network_staff):
        return False
    network_id = getattr(post, "network_id", None)
    if network_id is not None:
        return bool(network_id == user.network_id)
    lg = post.local_government
    return lg is not None and can_moderate_for(user, lg)


def can_view_post(user: Any, post: Need | Offer) -> bool:
    from ponte.exchange.models import PostStatus

    if post.status in (PostStatus.OPEN, PostStatus.CLOSED, PostStatus.EXPIRED):
        return True
    return can_edit_post(user, post) or can_review_post(user, post)


def can_act_for(user: Any, local_government: LocalGovernment) -> bool:
    """Pledge, express interest or answer in the name of this local government."""
    return can_edit_local_government(user, local_government)
