"""`ETag` and `If-Match` on the API's editable records (RFC 9110, section 13).

Every editable record counts its edits in `version`; its entity tag is that number, quoted
(`"3"`). A detail read answers with it in `ETag` (`@etagged`); an edit (`@conditional`) says
which version it is based on, either with `If-Match: "3"` or with `"version": 3` in its body,
as the web forms do:

- `If-Match` naming a version that is no longer the current one: **412**, nothing written;
- `version` in the body that is no longer current: **409** (an edit conflict), nothing written;
- neither: **428**, so that no edit can overwrite another by accident.

`If-Match: *` asks only that the record exists. The tag names the record's edit version, not
its bytes: the answer to a read may also change when, for example, a translation is added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy
from ninja.utils import contribute_operation_callback

from ponte.core.exceptions import ApplicationError, ConflictError

F = TypeVar("F", bound=Callable[..., Any])

IF_MATCH = "If-Match"


class PreconditionFailedError(ApplicationError):
    status = 412
    title = gettext_lazy("Precondition failed")


class PreconditionRequiredError(ApplicationError):
    status = 428
    title = gettext_lazy("Precondition required")


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = etag(version)


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _stale() -> PreconditionFailedError:
    return PreconditionFailedError(
        gettext(
            "Someone else saved this after you read it (its ETag changed). Read it again, "
            "then apply your changes to what is there now."
        ),
        errors={IF_MATCH: [gettext("Not the current version.")]},
    )


@contextmanager
def based_on(request: HttpRequest, *, current: int, version: int | None) -> Iterator[int]:
    """The version an edit is based on, from `If-Match` or the body's `version` (see above);
    the edit runs inside the block. The service compares it with the stored version under a
    lock: an edit that lost a race after `If-Match` matched is a 412 too."""
    header = request.headers.get(IF_MATCH)
    if header is None:
        if version is None:
            raise PreconditionRequiredError(
                gettext(
                    "Say which version you are changing: send the ETag you read in an If-Match "
                    "header, or the version you read in `version`."
                ),
                errors={IF_MATCH: [gettext("Required when `version` is not sent.")]},
            )
        yield version
        return
    tags = _tags(header)
    if "*" in tags or etag(current) in tags:
        expected = current if version is None else version
    else:
        raise _stale()
    try:
        yield expected
    except ConflictError as conflict:
        if version is not None and version != current:
            raise  # the body's version was stale: the edit conflict, as without If-Match
        raise _stale() from conflict


def _etag_header(extra: dict[str, Any], status: int = 200) -> None:
    extra.setdefault("responses", {})[status] = {
        "description": "OK",
        "headers": {
            "ETag": {
                "description": "The record's edit version, quoted: send it back in If-Match "
                "to edit it.",
                "schema": {"type": "string"},
            }
        },
    }


def etagged(view: F) -> F:
    """Document the `ETag` header of a detail read (the view sets it with `set_etag`)."""

    def document(operation: Any) -> None:
        extra = dict(operation.openapi_extra or {})
        _etag_header(extra)
        operation.openapi_extra = extra

    contribute_operation_callback(view, document)
    return view


def conditional(view: F) -> F:
    """Document an edit's `If-Match` header and the new ETag of its answer (412 and 428 are
    added with the other error statuses, core.api.error_statuses)."""

    def document(operation: Any) -> None:
        extra = dict(operation.openapi_extra or {})
        extra["parameters"] = [
            *extra.get("parameters", []),
            {
                "in": "header",
                "name": IF_MATCH,
                "required": False,
                "schema": {"type": "string"},
                "description": "The ETag you read (or *). Without it, send `version`.",
            },
        ]
        _etag_header(extra)
        operation.openapi_extra = extra

    contribute_operation_callback(view, document)
    return view
