"""Account writes: preferences and the login throttle."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from ponte.accounts.models import User
from ponte.core.text import fold


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
def preferences_update(*, user: User, timezone: str, preferred_language: str) -> User:
    user.timezone = timezone
    user.preferred_language = preferred_language
    user.save(update_fields=["timezone", "preferred_language"])
    return user
