"""Names in the reader's alphabetical order: Córdoba before Curitiba, São Paulo before Suva.

Code-point order (what the databases and Python's `sorted` do by default) puts every accented
letter after z. ICU collation, in the reader's language, is used wherever a list of names is
sorted for display:

- `sorted_by(items, key)` sorts objects in Python (short lists, and names that exist only in
  Python, such as a country's label in the reader's language);
- `collated("name")` orders a queryset in the database, so pages of a long list stay in order:
  PostgreSQL's ICU collations (`es-x-icu`…) when the server has them, and on SQLite collations
  of the same names registered on every connection (`ponte_es`…) from PyICU.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any, TypeVar

import icu
from django import forms
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Value
from django.db.models.expressions import Expression
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Collate, NullIf
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

T = TypeVar("T")


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def reader_language(language: str | None = None) -> str:
    """The interface language to collate in: the one given, else the active one."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in _languages() else settings.LANGUAGE_CODE.split("-")[0]


@cache
def _collator(language: str) -> Any:
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(language: str | None = None) -> Callable[[str], bytes]:
    """A key function for `sorted` that orders text as a reader of `language` expects."""
    key: Callable[[str], bytes] = _collator(reader_language(language)).getSortKey
    return key


def sorted_by(
    items: Iterable[T],
    key: Callable[[T], str] = str,
    *,
    language: str | None = None,
    reverse: bool = False,
) -> list[T]:
    """`items` sorted by the text `key` gives, in the reader's alphabetical order."""
    collate = sort_key(language)
    return sorted(items, key=lambda item: collate(key(item) or ""), reverse=reverse)


class AlphabeticalChoices(ModelChoiceIterator):  # type: ignore[type-arg]
    """The options of a model choice field in the reader's alphabetical order of their labels
    (a label can be a translation that exists only in Python), sorted when the form is shown."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted_by(self.queryset, self.field.label_from_instance):
            yield self.choice(obj)


FieldT = TypeVar("FieldT", bound="forms.ModelChoiceField[Any]")


def in_reader_order(field: FieldT) -> FieldT:
    """`in_reader_order(forms.ModelChoiceField(...))`: its options in the reader's order."""
    field.iterator = AlphabeticalChoices
    return field


# In the database ------------------------------------------------------------------------------

_postgres_collations: dict[str, frozenset[str]] = {}


def _postgres_has(connection: BaseDatabaseWrapper, name: str) -> bool:
    """ICU collations exist only on a PostgreSQL built with ICU (Debian's is; a minimal
    build is not): without them, the database's own order is the fallback."""
    alias = connection.alias
    if alias not in _postgres_collations:
        with connection.cursor() as cursor:
            cursor.execute("SELECT collname FROM pg_collation WHERE collname LIKE %s", ["%-x-icu"])
            _postgres_collations[alias] = frozenset(row[0] for row in cursor.fetchall())
    return name in _postgres_collations[alias]


def collation_name(language: str | None = None, *, using: str = "default") -> str | None:
    """The database collation for the reader's language, or None when there is none."""
    code = reader_language(language)
    connection = connections[using]
    if connection.vendor == "sqlite":
        return f"ponte_{code}"
    if connection.vendor == "postgresql":
        name = f"{code}-x-icu"
        return name if _postgres_has(connection, name) else None
    return None


def collated(
    field: str | Expression, *, language: str | None = None, using: str = "default"
) -> Expression | F:
    """An ordering term for `field` in the reader's alphabetical order:
    `qs.order_by(collated("name"))`, `collated("name").desc()`."""
    expression = F(field) if isinstance(field, str) else field
    name = collation_name(language, using=using)
    return Collate(expression, name) if name else expression


def translated_name(prefix: str = "", *, language: str | None = None) -> Expression:
    """The name a reader sees of a reference record with `names` by language (a country, a
    language): the reader's, else English, else `name`. `prefix` reaches it through a
    relation: translated_name("country__")."""
    code = reader_language(language)

    def named(key: str) -> Expression:
        return NullIf(KeyTextTransform(key, f"{prefix}names"), Value(""))

    return Coalesce(named(code), named("en"), F(f"{prefix}name"))


def register_sqlite_collations(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created: give each new SQLite connection the readers' collations."""
    if connection.vendor != "sqlite":
        return
    for code in _languages():
        code = code.split("-")[0]
        connection.connection.create_collation(f"ponte_{code}", _collator(code).compare)
