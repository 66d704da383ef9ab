"""Account writes: sign-up, affiliation approval, and the login throttle."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from ponte.accounts.models import Role, User
from ponte.accounts.permissions import can_moderate_for, require
from ponte.core.exceptions import ApplicationError
from ponte.core.text import fold
from ponte.directory.models import LocalGovernment


def _attempts_key(username: str, client: str) -> str:
    digest = hashlib.sha256(f"{fold(username)}|{client}".encode()).hexdigest()
    return f"login-attempts:{digest}"


def login_is_locked(*, username: str, client: str) -> bool:
    return int(cache.get(_attempts_key(username, client), 0)) >= settings.LOGIN_ATTEMPTS_LIMIT


def login_failed(*, username: str, client: str) -> None:
    key = _attempts_key(username, client)
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def login_succeeded(*, username: str, client: str) -> None:
    cache.delete(_attempts_key(username, client))


@transaction.atomic
def user_sign_up(
    *, username: str, email: str, password: str, requested_local_government: LocalGovernment | None
) -> User:
    """Create a member account. The affiliation is only requested: staff confirm it,
    so nobody can edit a city's profile by claiming to work there."""
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            "That username is taken.", errors={"username": ["That username is taken."]}
        )
    user = User(username=username, email=email, role=Role.MEMBER)
    user.requested_local_government = requested_local_government
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def preferences_update(*, user: User, timezone: str, preferred_language: str) -> User:
    user.timezone = timezone
    user.preferred_language = preferred_language
    user.save(update_fields=["timezone", "preferred_language"])
    return user


@transaction.atomic
def affiliation_approve(*, actor: Any, user: User) -> User:
    lg = user.requested_local_government
    if lg is None:
        raise ApplicationError(f"{user.username} has not asked to join a local government.")
    require(
        can_moderate_for(actor, lg),
        "Only staff of a network this local government belongs to may confirm its focal points.",
    )
    user.local_government = lg
    user.requested_local_government = None
    user.save(update_fields=["local_government", "requested_local_government"])
    return user
