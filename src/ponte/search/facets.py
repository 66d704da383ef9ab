"""Facets as the library and search pages show them.

The facet vocabularies (themes, SDGs, regions, countries, languages, hazards) belong to the
directory, which registers how to name their values in the reader's language from its own
search.py; search knows only the names of the facets.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

# In the order pages list them; "type" is search's own (its registry of types).
FACET_NAMES = ("type", "theme", "goal", "region", "country", "language", "hazard")


@dataclass(frozen=True)
class FacetLabels:
    title: str | Promise
    # Given the values a page shows, their labels in the active language.
    labels: Callable[[Collection[str]], dict[str, str]]


_facets: dict[str, FacetLabels] = {}


def register_facet(
    name: str, *, title: str | Promise, labels: Callable[[Collection[str]], dict[str, str]]
) -> None:
    _facets[name] = FacetLabels(title=title, labels=labels)


def facet_panel(
    counts: dict[str, dict[str, int]],
    *,
    selected: dict[str, str],
    type_labels: dict[str, str],
) -> list[dict[str, Any]]:
    """A title, and (value, label, count) for each value, in the active language. Every type is
    listed (count None when the results hold none of it), and a chosen value stays listed even
    when nothing matches it."""
    panel = []
    for name in FACET_NAMES:
        found = counts.get(name, {})
        chosen = selected.get(name, "")
        if name == "type":
            title: str | Promise = _("Type")
            values: list[tuple[str, str, int | None]] = [
                (value, label, found.get(value)) for value, label in type_labels.items()
            ]
            labels = type_labels
        else:
            facet = _facets.get(name)
            if facet is None:
                continue
            title = facet.title
            labels = facet.labels({*found, *([chosen] if chosen else [])})
            values = [(value, labels.get(value, value), n) for value, n in found.items()]
        if chosen and chosen not in {value for value, _label, _n in values}:
            values.append((chosen, labels.get(chosen, chosen), 0))
        if values:
            panel.append({"name": name, "title": str(title), "selected": chosen, "values": values})
    return panel
