"""Account writes: preferences, the reservation of a sign-in attempt, and personal API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone as django_timezone
from django.utils.translation import gettext, gettext_lazy

from ponte.accounts.models import ApiToken, TokenScope, User
from ponte.accounts.permissions import Actor, manage_token, signed_in_person
from ponte.core.clients import client_ip
from ponte.core.exceptions import ApplicationError
from ponte.core.validation import validate

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


# Personal API tokens -----------------------------------------------------------------------

# Every secret starts with this, so that it is recognisable (to secret scanners, in logs).
TOKEN_PREFIX = "ponte_pat_"  # noqa: S105 (a public marker, not a secret)
# How often the last use of a token is written down: not on every request.
_LAST_USED_EVERY = dt.timedelta(minutes=1)


class TokenRefusedError(ApplicationError):
    """The bearer token is unknown, revoked or expired (or its account is disabled)."""

    status = 401
    title = gettext_lazy("Unauthorized")

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def token_digest(secret: str) -> str:
    """What is stored of a secret: its SHA-256. The secret has 256 random bits, so a fast
    hash is enough (nothing to guess from it), and it can be looked up by equality."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: Actor, name: str, scope: str, expires_at: dt.datetime | None
) -> tuple[ApiToken, str]:
    """A new token of the actor's; returns it and its secret, which is never shown again."""
    user = signed_in_person(actor)
    if scope not in TokenScope.values:
        raise ApplicationError(
            gettext("Choose read or write."), errors={"scope": [gettext("Choose read or write.")]}
        )
    if expires_at is not None and expires_at <= django_timezone.now():
        raise ApplicationError(
            gettext("The expiry date has passed."),
            errors={"expires_at": [gettext("Choose a date in the future.")]},
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        scope=scope,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(secret),
        expires_at=expires_at,
    )
    validate(token, exclude=["user"])
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Refuse the token from now on (kept, revoked, so its owner sees when it was used)."""
    manage_token.require(actor, token, gettext("You may only revoke your own tokens."))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = django_timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def api_token_authenticate(*, secret: str) -> ApiToken:
    """The live token with this secret, its last use written down; refused (401) otherwise."""
    token = (
        ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
        if secret.startswith(TOKEN_PREFIX)
        else None
    )
    now = django_timezone.now()
    if token is None or not token.user.is_active:
        raise TokenRefusedError(gettext("This API token is not valid."))
    if token.revoked_at is not None:
        raise TokenRefusedError(gettext("This API token has been revoked."))
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenRefusedError(gettext("This API token has expired."))
    if token.last_used_at is None or now - token.last_used_at >= _LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
