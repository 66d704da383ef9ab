"""Template helpers shared by every app."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from ponte.core.formats import amount, date_range, quantity
from ponte.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str) -> SafeString:
    # render_markdown sanitises with an allow-list, so marking the result safe is sound.
    return mark_safe(render_markdown(source))  # noqa: S308


@register.filter(name="amount")
def amount_filter(value: object) -> str:
    """{{ budget.value|amount }}: money with the reader's separators."""
    return amount(value) if isinstance(value, int | float | Decimal) else ""


@register.filter(name="quantity")
def quantity_filter(value: object) -> str:
    """{{ item.quantity|quantity }}: grouped, without trailing zeros, in the reader's style."""
    return quantity(value) if isinstance(value, int | float | Decimal) else ""


@register.simple_tag(name="date_range")
def date_range_tag(start: date | None, end: date | None) -> str:
    """{% date_range budget.period_start budget.period_end %}: a period as the reader writes it."""
    return date_range(start, end)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (and the page reset)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return str(query.urlencode())


@register.filter(name="get_item")
def get_item(mapping: dict[str, object] | None, key: str) -> object:
    """Look up a key in a dict from a template: {{ sent|get_item:match.key }}."""
    return (mapping or {}).get(key)
