"""Who changed what: every save and delete of a domain model that people edit is kept by
django-auditlog (who, what, when, the fields before and after), and shown to platform
administrators in the admin site (accounts/admin.py). docs/security.md says why auditlog.

The actor is read from `request.user` when the row is written, not when the request starts:
an API token's authentication replaces `request.user` after the middlewares have run, and its
writes are then attributed to the token's owner all the same. Ponte itself (tasks, imports,
demo content) writes with no actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from auditlog.context import set_extra_data
from auditlog.receivers import log_create as record_creation
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from ponte.core.clients import client_ip


def _person(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    if isinstance(user, get_user_model()) and user.is_authenticated:
        return user
    return None


class AuditActorMiddleware:
    """Attributes the request's writes to its person (and client address, read the way
    rate limits read it: PONTE_TRUSTED_PROXIES decides whether a forwarded header counts)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = {
            # Evaluated when a log entry is saved: see the module's docstring.
            "actor": SimpleLazyObject(lambda: _person(request)),
            "remote_addr": client_ip(request),
            "remote_port": None,
        }
        with set_extra_data(context_data=context):
            return self.get_response(request)


def log_created(rows: Iterable[Model]) -> None:
    """Record rows written by `bulk_create` (which sends no signals) as created, the way a
    save would have, for the writes a person makes in bulk (a solidarity request's items, a
    practice's results). Rows of a model that is not audited are left alone."""
    for row in rows:
        if row.pk is not None and auditlog.contains(type(row)):
            record_creation(sender=type(row), instance=row, created=True)
