"""Health probes for load balancers and orchestrators.

/health/live: the process answers (no database, nothing else): restart it if this fails.
/health/ready: the database, the cache and the task queue answer: send it traffic only then.
A failed check answers 503 and names what failed; details go to the log, not to the caller.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ponte.core import queue
from ponte.core.access import public

logger = logging.getLogger("ponte.health")


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key, token = "ponte:health", secrets.token_hex(8)
    cache.set(key, token, timeout=30)
    if cache.get(key) != token:
        raise RuntimeError("the cache did not return what was just stored")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": queue.ping,
}


@public
@require_safe
@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@public
@require_safe
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not ready", whatever raised it
            logger.warning("Health check %s failed: %s", name, exc, exc_info=True)
            results[name] = "fail"
            errors[name] = type(exc).__name__
        else:
            results[name] = "ok"
    body: dict[str, object] = {"status": "fail" if errors else "ok", "checks": results}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=503 if errors else 200)


app_name = "health"
urlpatterns = [
    path("live", live, name="live"),
    path("ready", ready, name="ready"),
]
