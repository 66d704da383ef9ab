"""Account writes: preferences, the reservation of a sign-in attempt, and two-factor
sign-in."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.accounts.models import User
from ponte.accounts.permissions import is_admin, require, signed_in_person, staff_of
from ponte.core.clients import client_ip
from ponte.core.exceptions import ApplicationError, ConflictError, RateLimitedError

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
def preferences_update(*, user: User, timezone: str, preferred_language: str) -> User:
    user.timezone = timezone
    user.preferred_language = preferred_language
    user.save(update_fields=["timezone", "preferred_language"])
    return user


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
