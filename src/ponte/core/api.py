"""The JSON API (/api/v1/): one NinjaAPI, one router per app, one error shape.

Errors follow RFC 9457 problem details: {"type", "title", "status", "detail", "errors"}.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ponte.core.exceptions import ApplicationError

T = TypeVar("T")

api = NinjaAPI(
    title="Ponte API",
    version="1",
    description=(
        "Open data on local governments, networks and their cooperation. Reads are public; "
        "writes need a signed-in session (with its CSRF token) and the matching permission."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] = {}


def problem(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    detail: str,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    response = api.create_response(
        request,
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "errors": errors or {},
        },
        status=status,
    )
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return problem(
        request, status=exc.status, title=exc.title, detail=exc.message, errors=exc.errors
    )


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", []) if part not in {"query", "path", "body"}
        ]
        errors.setdefault(".".join(location) or "request", []).append(error.get("msg", "invalid"))
    return problem(
        request,
        status=422,
        title="Invalid request",
        detail="Some parameters are not valid.",
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, status=401, title="Unauthorized", detail=gettext("Sign in to do this."))


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(
        request, status=403, title="Forbidden", detail=str(exc) or gettext("Not allowed.")
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, status=404, title="Not found", detail=str(exc) or "Not found.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, status=exc.status_code, title="Error", detail=str(exc))


def page_of(queryset: QuerySet[Any], *, limit: int, offset: int) -> dict[str, Any]:
    """One page of a list: {count, limit, offset, results}."""
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "results": list(queryset[offset : offset + limit]),
    }
