"""Domain errors. Services raise these; the web and API edges map them to responses once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

if TYPE_CHECKING:
    from django.db.models import Model


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message a user can read."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class PermissionDeniedError(ApplicationError):
    status = 403
    title = "Forbidden"


class NotFoundError(ApplicationError):
    status = 404
    title = "Not found"


class ConflictError(ApplicationError):
    """Someone else changed the record since the editor loaded it."""

    status = 409
    title = "Edit conflict"


def invalid(exc: ValidationError) -> ApplicationError:
    """A model's ValidationError as an ApplicationError naming each bad field, so forms show
    each message by its field and the API lists them under `errors`."""
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return ApplicationError(gettext("Some fields are not valid."), errors=errors)


def full_clean(obj: Model, *, exclude: list[str] | None = None) -> None:
    """Validate a model instance before it is saved; refuse it field by field if it is not."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise invalid(exc) from exc
