"""Rate limits per client on what is expensive to answer (search, exports, Markdown preview)
and on what sends email or creates accounts (password reset, sign-up).

django-ratelimit counts requests in the cache, in fixed windows of the rate's period, with an
atomic add-then-increment; PONTE_RATE_LIMITS names the rate of each scope. A client is its
account when signed in, else its address (core.clients). Over the limit, the web answers with
a 429 page and the API with a 429 problem document, both with `Retry-After`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from ponte.core.clients import client_key
from ponte.core.exceptions import RateLimitedError
from ponte.core.views import error_page

log = logging.getLogger(__name__)


def _key(group: str, request: HttpRequest) -> str:
    return client_key(request)


def check_rate(request: HttpRequest, scope: str) -> None:
    """Count this request against the client's limit for `scope`; raise RateLimitedError
    when it is over. A scope without a rate is not limited."""
    rate = settings.PONTE_RATE_LIMITS.get(scope)
    if not rate:
        return
    try:
        usage = get_usage(request, group=f"ponte.{scope}", key=_key, rate=rate, increment=True)
    except Exception:  # the cache is unreachable: serve rather than refuse everyone
        log.warning("Rate limit %s not checked: the cache did not answer.", scope, exc_info=True)
        return
    if usage is None or not usage["should_limit"]:
        return
    seconds = max(1, int(usage["time_left"]))
    raise RateLimitedError(
        ngettext(
            "Too many requests from you in a short time. Try again in %(seconds)s second.",
            "Too many requests from you in a short time. Try again in %(seconds)s seconds.",
            seconds,
        )
        % {"seconds": seconds},
        headers={"Retry-After": str(seconds)},
    )


def rate_limited(
    scope: str, *, methods: tuple[str, ...] | None = None
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Limit a web view (for API operations call `check_rate`, so the refusal becomes a
    problem document). With `methods`, only requests of those methods count."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if methods is None or request.method in methods:
                try:
                    check_rate(request, scope)
                except RateLimitedError as exc:
                    return error_page(request, exc)
            return view(request, *args, **kwargs)

        return limited

    return decorator
