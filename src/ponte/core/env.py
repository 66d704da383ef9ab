"""Typed readers for environment variables (12-factor settings)."""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_RATE = re.compile(r"\d+/\d*[smhd]")


def env_rate(name: str, default: str) -> str:
    """A rate limit such as 30/m or 100/5m (requests per second, minute, hour or day, or per
    that many of them); empty or "off" turns the limit off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if raw.lower() in {"", "off"}:
        return ""
    if not _RATE.fullmatch(raw):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 30/m or 100/5m (per s, m, h or d), or off; not {raw!r}."
        )
    return raw


def missing_secret_key_message(*, debug: bool) -> str:
    """Why Ponte will not start without PONTE_SECRET_KEY, and what to do."""
    how = (
        "set it to a long random string, e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`"
    )
    if debug:
        return (
            f"PONTE_DEBUG=true needs PONTE_SECRET_KEY: {how}. Ponte no longer falls back to "
            "a key published in its source, which would let anyone forge sessions."
        )
    return f"PONTE_SECRET_KEY is not set: {how}."
