"""Numbers for people, in the reader's language. Exports keep plain, machine-readable numbers."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def amount(value: Decimal | float | int) -> str:
    """Money with two decimals and the reader's grouping: "250,000,000.00" in English,
    "250.000.000,00" in Portuguese and Indonesian."""
    return number_format(value, decimal_pos=2, force_grouping=True)


def count(value: int) -> str:
    """A whole number of things with the reader's grouping: "8,540,121" in English,
    "8.540.121" in Spanish, Portuguese and Indonesian."""
    return number_format(value, force_grouping=True)
