"""Numbers for people, in the reader's language. Exports keep plain, machine-readable numbers."""

from __future__ import annotations

from decimal import Decimal

from django.utils.numberformat import format as number_format
from django.utils.translation import get_language


def amount(value: Decimal | float | int) -> str:
    """Money with two decimals and the reader's grouping: "250,000,000.00" in English,
    "250.000.000,00" in Spanish, Portuguese and Indonesian."""
    from django.utils.formats import get_format

    language = get_language()
    return number_format(
        value,
        get_format("DECIMAL_SEPARATOR", language),
        decimal_pos=2,
        grouping=get_format("NUMBER_GROUPING", language),
        thousand_sep=get_format("THOUSAND_SEPARATOR", language),
        force_grouping=True,
    )
