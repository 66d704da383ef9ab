"""Account writes: preferences, and the reservation of a sign-in attempt."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from ponte.accounts.models import User
from ponte.core.clients import client_ip

log = logging.getLogger(__name__)

# A reservation outlives any password check; it only guards against a process that died
# holding one.
_PENDING_SECONDS = 60


def _reserve(key: str) -> int | None:
    """Count one more attempt in progress under `key`; None if the cache did not answer."""
    try:
        cache.add(key, 0, timeout=_PENDING_SECONDS)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=_PENDING_SECONDS)
            return 1
    except Exception:
        log.warning("Sign-in attempts in progress not counted: the cache did not answer.")
        return None


def _release(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:  # expired meanwhile: nothing left to release
        pass
    except Exception:
        log.warning("Sign-in attempt not released: the cache did not answer.")


@contextmanager
def sign_in_attempt(*, request: HttpRequest, username: str) -> Iterator[bool]:
    """Reserve one of the sign-in attempts django-axes still allows this (username, client),
    and yield whether one was left.

    Axes counts a failure only after the password was checked, so attempts sent at the same
    moment would all pass its check before the first failure is counted. Counting the
    attempts in progress as well keeps the number of password checks at the limit. Without
    a cache, axes's own count (in the database) still applies."""
    digest = hashlib.sha256(f"{username}\0{client_ip(request)}".encode()).hexdigest()
    key = f"sign-in-pending:{digest}"
    pending = _reserve(key)
    try:
        failures = AxesProxyHandler.get_failures(request, {"username": username})
        yield failures + (pending or 1) <= settings.AXES_FAILURE_LIMIT
    finally:
        if pending is not None:
            _release(key)


@transaction.atomic
def preferences_update(
    *, user: User, timezone: str, preferred_language: str, email_delivery: str | None = None
) -> User:
    user.timezone = timezone
    user.preferred_language = preferred_language
    fields = ["timezone", "preferred_language"]
    if email_delivery is not None:
        user.email_delivery = email_delivery
        fields.append("email_delivery")
    user.save(update_fields=fields)
    return user
