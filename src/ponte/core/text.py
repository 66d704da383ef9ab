"""Text normalisation shared by name lookup and search: accent- and case-insensitive keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse punctuation: "São Paulo" -> "sao paulo"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


def names_key(names: Iterable[str]) -> str:
    """Pack folded names as "|a|b|c|" so one LIKE '%|name|%' finds an exact alternate name."""
    folded = sorted({fold(name) for name in names if name and fold(name)})
    return "|" + "|".join(folded) + "|" if folded else ""


def translated(names: dict[str, str] | None, language: str, fallback: str = "") -> str:
    """Pick a label from a {language: text} mapping, falling back to English, then any."""
    if not names:
        return fallback
    base = (language or "en").split("-")[0].lower()
    return names.get(base) or names.get("en") or next(iter(names.values()), fallback)


def has_nul(value: object) -> bool:
    """Whether any text in a value (a string, or JSON-like lists and dicts of them, keys
    included) contains NUL (U+0000), which PostgreSQL text cannot hold."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            if "\x00" in current:
                return True
        elif isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list | tuple):
            stack.extend(current)
    return False


def plain_number(text: str) -> int | None:
    """A whole number written in ASCII digits that fits a database integer, or None.

    `str.isdigit()` says yes to "²" and "①", which `int()` then refuses, and `int()` reads
    any length, which SQLite then refuses as too large: both were 500s.
    """
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
