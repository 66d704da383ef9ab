"""The JSON API (/api/v1/): one NinjaAPI, one router per app, one error shape.

Errors follow RFC 9457 problem details: {"type", "title", "status", "detail", "errors"}.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from ponte.core.exceptions import ApplicationError
from ponte.core.schemas import PageParams, Problem, one_of

__all__ = ["PageParams", "Problem", "api", "one_of", "page_of", "problem"]

T = TypeVar("T")

# What each error status means in this API, for the OpenAPI document. Every error body is a
# Problem (RFC 9457) served as application/problem+json.
ERROR_STATUSES: dict[int, str] = {
    400: "Bad request: a filter value or field the endpoint cannot use (each named in "
    "`errors`), or a NUL character anywhere in the request",
    401: "Not signed in, or the bearer token is unknown, revoked or expired",
    403: "Signed in but not allowed to do this, the CSRF token is missing, or the API token "
    "may only read",
    404: "Not found, or not visible to you",
    409: "Conflict: the record changed since you read it (send the current `version`), or the "
    "Idempotency-Key was first used with a different request",
    412: "If-Match names a version that is no longer the current one: nothing was written",
    422: "A parameter or field does not match this document (each named in `errors`)",
    428: "An edit must say which version it changes: If-Match or `version`",
    429: "Too many requests from this client: wait the seconds in Retry-After",
}
WRITES = {"post", "put", "patch", "delete"}


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer, from what it takes: every request can be
    refused (400, 429); parameters and bodies can fail validation (422); a path names a record
    that may not exist (404), as may the records a write refers to; a bearer token can be
    refused on any operation (401); signed-in endpoints refuse visitors (401) and the
    unauthorised (403), as CSRF protection refuses writes (403); edits and idempotent creates
    can conflict (409); edits taking If-Match can fail it (412) or lack it (428)."""
    statuses = {400, 401, 429}
    parameters = operation.get("parameters") or []
    if parameters or operation.get("requestBody"):
        statuses.add(422)
    if any(parameter["in"] == "path" for parameter in parameters) or method in WRITES:
        statuses.add(404)
    if operation.get("security"):
        statuses |= {401, 403}
    if method in WRITES:
        statuses.add(403)
    if method in {"put", "patch"} or any(
        parameter["name"] == IDEMPOTENCY_HEADER for parameter in parameters
    ):
        statuses.add(409)
    if any(parameter["name"] == IF_MATCH_HEADER for parameter in parameters):
        statuses |= {412, 428}
    return sorted(statuses)


IDEMPOTENCY_HEADER = "Idempotency-Key"
IF_MATCH_HEADER = "If-Match"


class PonteAPI(NinjaAPI):
    """Ninja documents the responses each endpoint declares, all 2xx here; Ponte's errors come
    from shared handlers (below) and the middleware, so they are declared here, once, for
    every operation they apply to."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
        problem_body = {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for status in error_statuses(method, operation):
                    operation["responses"].setdefault(
                        status,
                        {"description": ERROR_STATUSES[status], "content": problem_body},
                    )
        return schema


class ObjectBodyParser(Parser):
    """Every body Ponte's API takes is a JSON object. Ninja's schemas read fields off any value
    (a body of `5`, `"x"` or `[]` would pass as a schema made of its defaults, and carry out
    the write), so anything else is refused as a malformed body: 400, nothing written."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")
        return data


api = PonteAPI(
    parser=ObjectBodyParser(),
    title="Ponte API",
    version="1",
    description=(
        "Open data on local governments, networks and their cooperation. Reads are public; "
        "writes need a personal API token with the write scope (Authorization: Bearer) or a "
        "signed-in session (with its CSRF token), and the matching permission."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


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
    response = problem(
        request, status=exc.status, title=str(exc.title), detail=exc.message, errors=exc.errors
    )
    for name, value in exc.headers.items():
        response[name] = value
    return response


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
        title=gettext("Invalid request"),
        detail=gettext("Some parameters are not valid."),
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        request, status=401, title=gettext("Unauthorized"), detail=gettext("Sign in to do this.")
    )


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(
        request, status=403, title=gettext("Forbidden"), detail=str(exc) or gettext("Not allowed.")
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(
        request, status=404, title=gettext("Not found"), detail=str(exc) or gettext("Not found.")
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, status=exc.status_code, title=gettext("Error"), detail=str(exc))


def page_of(queryset: QuerySet[Any], *, limit: int, offset: int) -> dict[str, Any]:
    """One page of a list: {count, limit, offset, results}."""
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "results": list(queryset[offset : offset + limit]),
    }
