"""Domain errors. Services raise these; the web and API edges map them to responses once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message a user can read."""

    status = 400
    title = _("Bad request")

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        # Response headers the edges add to the error page or problem document (Retry-After).
        self.headers = headers or {}


class PermissionDeniedError(ApplicationError):
    status = 403
    title = _("Forbidden")


class NotFoundError(ApplicationError):
    status = 404
    title = _("Not found")


class ConflictError(ApplicationError):
    """Someone else changed the record since the editor loaded it."""

    status = 409
    title = _("Edit conflict")


class TooLargeError(ApplicationError):
    """The request's content is larger than Ponte accepts for it."""

    status = 413
    title = _("Content too large")


class RateLimitedError(ApplicationError):
    """The client sent more requests of this kind than its limit; `Retry-After` says when
    it may again."""

    status = 429
    title = _("Too many requests")
