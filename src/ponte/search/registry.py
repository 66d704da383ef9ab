"""Searchable types. An app makes a model searchable by registering a SearchType in its own
search.py; nothing else in the search app changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

StrOrPromise = str | Promise


@dataclass(frozen=True)
class Document:
    """The searchable view of one object, in plain data."""

    title: str
    # (text, weight) pairs: weight 3 for titles, 2 for summaries, 1 for bodies.
    fields: list[tuple[str, int]]
    language: str
    url: str
    is_public: bool
    languages: list[str] = field(default_factory=list)
    facets: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchType:
    name: str
    model: type[Model]
    queryset: Callable[[], QuerySet[Any]]
    document: Callable[[Any], Document]
    # What the search page calls one and several of them (lazy translations).
    label: StrOrPromise = ""
    plural: StrOrPromise = ""
    # Models whose changes affect this type's documents, and how to find the objects to redo.
    related: Mapping[type[Model], Callable[[Any], Sequence[Any]]] = field(default_factory=dict)


_types: dict[str, SearchType] = {}


def register(search_type: SearchType) -> SearchType:
    _types[search_type.name] = search_type
    return search_type


def types() -> dict[str, SearchType]:
    return dict(_types)


def labels(*, plural: bool = False) -> dict[str, str]:
    """Each type's name for people, in the active language, in registration order."""
    return {name: str((t.plural if plural else t.label) or name) for name, t in _types.items()}


def for_model(model: type[Model]) -> list[SearchType]:
    return [t for t in _types.values() if t.model is model]


def key_for(type_name: str, pk: Any) -> str:
    return f"{type_name}:{pk}"
