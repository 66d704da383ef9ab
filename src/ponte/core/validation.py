"""Validating a model instance before it is written, the one way every path does it.

A model's fields already say what they hold: `max_length`, `max_digits` and `decimal_places`
(Django's DecimalValidator also refuses NaN and infinity), choices. `full_clean` checks all of
them, but only when something calls it: `bulk_create` and `save` do not, and SQLite stores a
5,000-character string in a 200-character column or `1e999` in a 14-digit decimal column
(as infinity), which then cannot be read back and breaks every page that lists it. So services
call `validate` on every instance they write (including rows later written with
`bulk_create`), and importers call `problems` on every row before writing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

from ponte.core.exceptions import ApplicationError


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as {field: [messages]}, the shape ApplicationError carries."""
    if not hasattr(exc, "error_dict"):
        return {"__all__": [str(message) for message in exc.messages]}
    return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}


def validate(
    instance: models.Model,
    *,
    exclude: Iterable[str] = (),
    message: str | None = None,
    each: Callable[[str], str] | None = None,
    field: str | None = None,
) -> None:
    """Run the model's own validation, or raise ApplicationError naming each bad field.

    `field` gathers every message under one name (the form field the value came from), and
    `each` rewrites each message (e.g. "Item 2: …") so the person knows which row to fix.
    """
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        errors = field_errors(exc)
        if field is not None:
            rewrite = each or str
            errors = {field: [rewrite(m) for messages in errors.values() for m in messages]}
        raise ApplicationError(
            message or gettext("Some fields are not valid."), errors=errors
        ) from exc


def problems(instance: models.Model, *, fields: Iterable[str]) -> list[str]:
    """The fields' own validation of an unsaved instance, as "field: message" lines for an
    import report (only `fields` are checked: the others are filled in when writing). The
    instance's attributes are replaced by their cleaned values (text parsed into decimals)."""
    wanted = set(fields)
    exclude = [f.name for f in instance._meta.get_fields() if f.name not in wanted]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return [
            f"{name}: {message}"
            for name, messages in field_errors(exc).items()
            for message in messages
        ]
    return []
