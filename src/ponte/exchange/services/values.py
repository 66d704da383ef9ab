"""Values the exchange's services read from forms, the API and import rows: a language code,
a date. Each refusal names the field it is about."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from ponte.core.exceptions import ApplicationError
from ponte.directory.models import Language


def parse_language(code: Any) -> Language:
    try:
        return Language.objects.get(code=str(code or "").strip().lower())
    except Language.DoesNotExist as exc:
        raise ApplicationError(
            _("Unknown language %(code)r.") % {"code": code},
            errors={"language": [_("Choose a language.")]},
        ) from exc


def parse_date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ApplicationError(
            _("%(value)r is not a date.") % {"value": value},
            errors={field: [_("Use the form YYYY-MM-DD.")]},
        ) from exc
