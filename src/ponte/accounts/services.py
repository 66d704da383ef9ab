"""Account writes: preferences, the reservation of a sign-in attempt, personal API tokens and
two-factor sign-in."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils import timezone as django_timezone
from django.utils.translation import gettext, gettext_lazy
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.accounts.models import ApiToken, TokenScope, User
from ponte.accounts.permissions import (
    Actor,
    is_admin,
    manage_token,
    require,
    signed_in_person,
    staff_of,
)
from ponte.core.clients import client_ip
from ponte.core.exceptions import ApplicationError, ConflictError, RateLimitedError
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


# Two-factor sign-in (django-otp) ---------------------------------------------------------
# A person turns it on by scanning a TOTP secret into an authenticator app and confirming one
# code from it; ten backup codes then recover the account if the phone is lost (each works
# once). Both kinds of device throttle wrong codes (django-otp doubles the wait after each).

BACKUP_CODES = 10


def may_use_two_factor(actor: Any) -> bool:
    """Network staff and platform admins, whose accounts reach other people's data."""
    return bool(is_admin(actor) or staff_of(actor) is not None)


def two_factor_enabled(user: Any) -> bool:
    return bool(user.is_authenticated and user_has_device(user, confirmed=True))


def totp_device(user: User, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def backup_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def _require_two_factor_allowed(actor: Any) -> User:
    user = signed_in_person(actor)
    require(
        may_use_two_factor(user),
        gettext("Two-factor sign-in is for network staff and platform administrators."),
    )
    return user


def two_factor_check(*, user: User, code: str) -> Device:
    """The device that accepts this code: a six-digit code is the authenticator app's, any
    other a backup code (so a mistyped code never throttles the other device). Raises an
    ApplicationError the person can act on; a wrong code counts towards the throttle even so
    (the caller must not roll that back)."""
    code = "".join(code.split()).lower()
    if code.isdigit() and len(code) == 6:
        device: Device | None = totp_device(user, confirmed=True)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ApplicationError(gettext("That code is not right. Try the current one."))
    _verify(device, code)
    return device


def _verify(device: Device, code: str) -> None:
    allowed, why = device.verify_is_allowed()
    if not allowed:
        wait = (why or {}).get("locked_until")
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 60
        raise RateLimitedError(
            gettext("Too many wrong codes. Wait a moment, then try again."),
            headers={"Retry-After": str(seconds)},
        )
    if not device.verify_token(code):
        raise ApplicationError(gettext("That code is not right. Try the current one."))


@transaction.atomic
def two_factor_start(*, actor: Any) -> TOTPDevice:
    """A new secret for the authenticator app, not in use until a code confirms it."""
    user = _require_two_factor_allowed(actor)
    if two_factor_enabled(user):
        raise ConflictError(gettext("Two-factor sign-in is already on."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=gettext("Authenticator app"), confirmed=False)


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=gettext("Backup codes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_confirm(*, actor: Any, code: str) -> list[str]:
    """Turn two-factor sign-in on with the first code from the app; returns the backup codes,
    shown once. Not one transaction: a wrong code must still count towards the throttle."""
    user = _require_two_factor_allowed(actor)
    device = totp_device(user, confirmed=False)
    if device is None:
        raise ApplicationError(gettext("Start again: there is no secret waiting for a code."))
    _verify(device, "".join(code.split()))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return _new_backup_codes(user)


@transaction.atomic
def two_factor_new_backup_codes(*, actor: Any) -> list[str]:
    """Replace the backup codes (the old ones stop working)."""
    user = _require_two_factor_allowed(actor)
    if not two_factor_enabled(user):
        raise ApplicationError(gettext("Turn two-factor sign-in on first."))
    return _new_backup_codes(user)


def two_factor_disable(*, actor: Any, code: str) -> None:
    """Turn two-factor sign-in off; a current code (or backup code) proves it is the owner."""
    user = _require_two_factor_allowed(actor)
    if not two_factor_enabled(user):
        raise ApplicationError(gettext("Two-factor sign-in is already off."))
    two_factor_check(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
