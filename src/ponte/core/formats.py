"""Numbers for people, in the reader's language. Exports keep plain, machine-readable numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import get_language, to_locale


def amount(value: Decimal | float | int) -> str:
    """Money with two decimals and the reader's grouping: "250,000,000.00" in English,
    "250.000.000,00" in Portuguese and Indonesian."""
    return number_format(value, decimal_pos=2, force_grouping=True)


def count(value: int) -> str:
    """A whole number of things with the reader's grouping: "8,540,121" in English,
    "8.540.121" in Spanish, Portuguese and Indonesian."""
    return number_format(value, force_grouping=True)


def quantity(value: Decimal | float | int) -> str:
    """A measured amount as people write it: the reader's grouping, no trailing zeros
    ("30,000" and "12.5" in English, "30.000" and "12,5" in Spanish), not "30000.0000"."""
    number = Decimal(str(value))
    if not number.is_finite():
        return str(value)
    exponent = number.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(number, decimal_pos=places, force_grouping=True)


def reader_locale() -> Locale:
    """Babel's locale for the language the page is in (English when Babel does not know it)."""
    try:
        return Locale.parse(to_locale(get_language() or settings.LANGUAGE_CODE))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def date_range(start: date | None, end: date | None) -> str:
    """Two dates as the reader writes a period: "Jan 1 – Dec 31, 2027" in English,
    "1 ene – 31 dic 2027" in Spanish; one date alone when the other is unknown."""
    locale = reader_locale()
    if start and end:
        return str(format_interval(start, end, "yMMMd", locale=locale))
    known = start or end
    if known is None:
        return ""
    written = format_date(known, "medium", locale=locale)
    return f"{written} –" if start else f"– {written}"
