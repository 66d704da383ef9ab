"""The JSON API as one document: every app's router mounted on core's NinjaAPI."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from ponte.accounts.api_auth import identify
from ponte.cooperation.api import router as cooperation_router
from ponte.core.access import Access, access_of
from ponte.core.api import api, problem
from ponte.directory.api import router as directory_router
from ponte.events.api import router as events_router
from ponte.events.slot_api import router as slot_router
from ponte.exchange.api import router as exchange_router
from ponte.knowledge.api import router as knowledge_router
from ponte.matching.api import router as matching_router
from ponte.search.api import router as search_router

# The slot finder first: /events/slots must be matched before the events router's /events/{id}.
api.add_router("/events", slot_router)


def _identified(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A request with `Authorization: Bearer` is its token's owner's in every operation, from
    the start (accounts.api_auth.identify): public reads show what the owner may see, and
    idempotency keys are the owner's. Applied to every operation, outermost (ninja applies
    the API's decorators to each operation when it builds the URLs)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return identify(request) or run(request, **kwargs)

    return wrapper


for router in (
    directory_router,
    knowledge_router,
    search_router,
    cooperation_router,
    exchange_router,
    matching_router,
    events_router,
):
    api.add_router("/", router)
api.add_decorator(_identified, mode="view")


def refuse_undeclared_operations() -> list[str]:
    """An operation is open to visitors only when marked `@public`; otherwise it must ask for
    sign-in (ninja's `auth=`). One that does neither is closed: it answers 403 to everyone
    (and a test lists none). Returns the closed operations' names."""
    closed = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                view = operation.view_func
                if operation.auth_callbacks or access_of(view) is Access.PUBLIC:
                    continue
                closed.append(f"{view.__module__}.{view.__name__}")
                operation.run = _refuse  # type: ignore[method-assign]
    return closed


def _refuse(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return problem(
        request,
        status=403,
        title=gettext("Forbidden"),
        detail=gettext("This operation is not open to anyone yet."),
    )


UNDECLARED = refuse_undeclared_operations()

__all__ = ["UNDECLARED", "api", "refuse_undeclared_operations"]
