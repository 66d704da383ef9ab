"""Request-wide behaviour: the user's time zone, security headers, and refusing bad input
(domain errors, NUL characters) with a clear 4xx instead of a 500."""

from __future__ import annotations

import functools
import json
import zoneinfo
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from ponte.core.exceptions import ApplicationError
from ponte.core.markdown import image_hosts
from ponte.core.text import has_nul


@functools.cache
def content_security_policy() -> str:
    """Everything Ponte serves comes from its own origin (no CDN). Images are the one
    configurable exception, host by host: map tiles (PONTE_MAP_TILE_URL), media in object
    storage (MEDIA_URL) and the hosts Markdown images may load from (core/markdown.py uses
    the same list, so an image the page shows is never one the browser refuses)."""
    hosts = set(image_hosts())
    tile_url = settings.PONTE_MAP_TILE_URL
    tiles = urlsplit(tile_url.replace("{s}", "a")).hostname
    if tiles:
        # {s} is a subdomain that rotates (a., b., c.): allow them all.
        hosts.add("*." + tiles.split(".", 1)[1] if "{s}" in tile_url else tiles)
    img_src = " ".join(["'self'", "data:", *sorted(hosts)])
    return (
        f"default-src 'self'; img-src {img_src}; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'"
    )


class UserTimezoneMiddleware:
    """Activate the signed-in user's time zone so dates render in their local time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tz_name = getattr(request.user, "timezone", "") if hasattr(request, "user") else ""
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/v1/docs"):
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        return response


class DomainErrorMiddleware:
    """The web edge's one place for domain errors: an ApplicationError that a view did not
    turn into a form error becomes the error page with its message and status (404, 403…)
    instead of a 500. The API has its own handler (problem+json, core/api.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):
            return error_response(request, exception)
        return None


class RefuseNulMiddleware:
    """No text a person writes contains NUL (U+0000), and PostgreSQL can neither store nor
    compare text that does: the driver raises ValueError inside whatever query the value
    reaches, a 500. So a request carrying one in its path, query string, form fields or JSON
    body is refused at the door with a 400, on every page and endpoint at once. File contents
    are not text and are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            return error_response(
                request,
                ApplicationError(
                    gettext("The request contains a NUL character, which no field accepts."),
                    errors={"request": [gettext("Remove the NUL (U+0000) character.")]},
                ),
            )
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if has_nul(request.path_info) or has_nul(list(request.GET.lists())):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        names = [upload.name or "" for _, uploads in request.FILES.lists() for upload in uploads]
        return has_nul(list(request.POST.lists())) or has_nul(names)
    body = request.body
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body:
        return False
    # JSON escapes it as \u0000; only a parsed document tells an escaped NUL from the text
    # "\u0000" written with an escaped backslash.
    try:
        return has_nul(json.loads(body))
    except (ValueError, RecursionError):
        return False  # not JSON the endpoint can read: it says so itself


def error_response(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """An error as the client expects it: problem+json under /api/, the error page elsewhere."""
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {
                "type": "about:blank",
                "title": str(error.title),
                "status": error.status,
                "detail": error.message,
                "errors": error.errors,
            },
            status=error.status,
            content_type="application/problem+json",
        )
    else:
        response = render(request, "core/error.html", {"error": error}, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response
