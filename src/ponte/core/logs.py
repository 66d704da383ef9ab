"""Log lines that say which request they belong to.

Every request gets an id (`RequestIdMiddleware`): the caller's `X-Request-ID` when it is a
sensible token (a proxy or load balancer that already set one), a new random one otherwise.
It is sent back in the `X-Request-ID` response header, and `RequestIdFilter` puts it on every
log record written while the request is served, whichever logger wrote it, so one request's
lines can be found together. Outside a request the field is "-".

`PONTE_LOG_FORMAT=json` writes one JSON object a line (python-json-logger), for a log
collector; `text` writes readable lines for a person at a terminal (the default with
PONTE_DEBUG=true).
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings import this module: it must not load Django's HTTP machinery
    from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NO_REQUEST = "-"
# What a caller's id may look like: a UUID, a hex or base64-ish token, dotted or dashed; no
# spaces, quotes or control characters that would garble a log line, and not too long.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "ponte_request_id", default=NO_REQUEST
)

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
JSON_RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def current_request_id() -> str:
    return _request_id.get()


def request_id_from(header: str | None) -> str:
    """The caller's id if well formed, else a new one."""
    if header and WELL_FORMED.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (on the handler, so all loggers' records get it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything after it, and the response, carries the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the request has finished (below), not only while the middleware runs:
        # Django logs a 4xx or 5xx ("Not Found: …") after the middleware has returned.
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def forget_request_id(**kwargs: object) -> None:
    """On `request_finished`: lines logged after the request are not its lines."""
    _request_id.set(NO_REQUEST)


def logging_config(*, log_format: str, level: str) -> dict[str, object]:
    """Django's LOGGING for `PONTE_LOG_FORMAT` (json or text) and `PONTE_LOG_LEVEL`."""
    formatters: dict[str, dict[str, object]] = {
        "text": {"format": TEXT_FORMAT},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": JSON_RENAMED,
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "ponte.core.logs.RequestIdFilter"}},
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.server": {"level": "INFO"},
            # Failed sign-ins and lockouts are warnings; axes's step-by-step notes are not kept.
            "axes": {"level": "WARNING"},
        },
    }
