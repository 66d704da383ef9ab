"""`Idempotency-Key` on API writes: a retried create returns the first answer instead of
creating a duplicate.

A client that sends a write and loses the connection before the answer arrives cannot know
whether it was carried out; with a key (any unique string, e.g. a UUID, per intended write) it
can simply send it again. The first request with a key runs the endpoint and stores its 2xx
answer in the same transaction as the write itself, so both are committed or neither is. A
request with a stored key is answered with the stored answer (and `Idempotent-Replayed:
true`); the same key with a different method, path or body is a 409. A concurrent second
request waits for the first (the key's unique row) and then gets its answer. Keys belong to a
user and expire after `PONTE_IDEMPOTENCY_HOURS`; errors are not stored, so a corrected request
may reuse its key.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from ponte.core.exceptions import ApplicationError
from ponte.core.middleware import error_response
from ponte.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
F = TypeVar("F", bound=Callable[..., Any])


class KeyReusedError(ApplicationError):
    status = 409
    title = gettext_lazy("Conflict")


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path()):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(request: HttpRequest, stored: IdempotencyKey, fingerprint: str) -> HttpResponse:
    if stored.fingerprint != fingerprint:
        return error_response(
            request,
            KeyReusedError(
                gettext(
                    "This Idempotency-Key was first used for a different request; use a new "
                    "key for each write."
                ),
                errors={HEADER: [gettext("Already used for another request.")]},
            ),
        )
    response = HttpResponse(
        bytes(stored.body), status=stored.status, content_type=stored.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _stored(user: Any, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key, expires_at__gt=timezone.now()).first()


def _run_once(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        user = getattr(request, "user", None)
        if key is None or user is None or not user.is_authenticated:
            return run(request, **kwargs)  # the endpoint answers visitors (401) itself
        if not (1 <= len(key) <= 255 and key.isascii() and key.isprintable()):
            return error_response(
                request,
                ApplicationError(
                    gettext("The Idempotency-Key must be 1 to 255 printable ASCII characters."),
                    errors={HEADER: [gettext("Use, for example, a UUID.")]},
                ),
            )
        fingerprint = _fingerprint(request)
        now = timezone.now()
        try:
            with transaction.atomic():
                stored = (
                    IdempotencyKey.objects.select_for_update()
                    .filter(user=user, key=key, expires_at__gt=now)
                    .first()
                )
                if stored is not None:
                    return _replay(request, stored, fingerprint)
                IdempotencyKey.objects.filter(user=user, expires_at__lte=now).delete()
                # Taken first, so a concurrent request with this key waits here for our answer.
                record = IdempotencyKey.objects.create(
                    user=user,
                    key=key,
                    fingerprint=fingerprint,
                    status=0,
                    content_type="",
                    body=b"",
                    expires_at=now + dt.timedelta(hours=settings.PONTE_IDEMPOTENCY_HOURS),
                )
                response = run(request, **kwargs)
                if not 200 <= response.status_code < 300:
                    transaction.set_rollback(True)  # nothing written; the key stays free
                    return response
                record.status = response.status_code
                record.content_type = response.get("Content-Type", "application/json")
                record.body = response.content
                record.save(update_fields=["status", "content_type", "body"])
                return response
        except IntegrityError:
            # Another request with this key committed first, while we waited: its answer is ours.
            stored = _stored(user, key)
            if stored is None:
                raise
            return _replay(request, stored, fingerprint)

    return wrapper


def idempotent(view: F) -> F:
    """Let an API write be retried safely with an `Idempotency-Key` header (documented in the
    OpenAPI document as an optional header of the operation)."""

    def document(operation: Any) -> None:
        extra = dict(operation.openapi_extra or {})
        extra["parameters"] = [
            *extra.get("parameters", []),
            {
                "in": "header",
                "name": HEADER,
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": (
                    "Any unique value (e.g. a UUID) for this write. Sent again with the same "
                    "request, it returns the first answer (header Idempotent-Replayed: true) "
                    f"instead of writing twice, for {settings.PONTE_IDEMPOTENCY_HOURS} hours."
                ),
            },
        ]
        operation.openapi_extra = extra

    contribute_operation_callback(view, document)
    return decorate_view(_run_once)(view)
