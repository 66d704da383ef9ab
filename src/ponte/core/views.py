"""Helpers every app's views share; the one place that turns domain errors into pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseServerError,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from ponte.core.exceptions import ApplicationError


def render_partial_or_page(
    request: HttpRequest, *, page: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """htmx requests that target a region get only that fragment; others get the page."""
    htmx = getattr(request, "htmx", None)
    template = partial if htmx and htmx.target else page
    return render(request, template, context, status=status)


def error_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """The error's page; for an htmx request that targets a region, only the message."""
    response = render_partial_or_page(
        request,
        page="core/error.html",
        partial="core/_error.html",
        context={"error": exc},
        status=exc.status,
    )
    for name, value in exc.headers.items():
        response[name] = value
    return response


def serve_upload(file: Any, *, name: str, content_type: str) -> FileResponse:
    """An uploaded file, sandboxed: it never runs as part of Ponte's origin. Images and PDFs
    open in the browser, everything else downloads."""
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=not inline, filename=name
    )
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(chunks: Iterable[bytes], *, content_type: str, filename: str) -> StreamingHttpResponse:
    """A file sent as it is produced, chunk by chunk, instead of built whole in memory first."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def form_errors(form: Any, exc: ApplicationError) -> None:
    """Show a service's error on the form: the message on top, field errors by their fields."""
    form.add_error(None, exc.message)
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@dataclass(frozen=True)
class Submission:
    """What became of a form: `done` with the service's result, or the status to show the
    form again with (200 not posted, 400 invalid, else the service error's own: 409, 403…)."""

    done: bool = False
    saved: Any = None
    status: int = 200
    error: ApplicationError | None = None


def submit(request: HttpRequest, form: Any, save: Callable[[], Any]) -> Submission:
    """The life of a posted form: validate it, call the service, and put a refusal on the form
    (message on top, field errors by their fields)."""
    if request.method != "POST":
        return Submission()
    if not form.is_valid():
        return Submission(status=400)
    try:
        saved = save()
    except ApplicationError as exc:
        form_errors(form, exc)
        return Submission(status=exc.status, error=exc)
    return Submission(done=True, saved=saved)


# Django's error handlers (urls.py handler400/403/404/500), in the site's layout and the
# reader's language. Django's own messages (Http404's "No Network matches the given query")
# are in English and name models, so the page says what happened in the reader's words.

HTTP_ERRORS = {
    400: (
        gettext_lazy("Bad request"),
        gettext_lazy("This address or form could not be understood. Check it and try again."),
    ),
    403: (
        gettext_lazy("Not allowed"),
        gettext_lazy("You do not have permission to see this page or do this."),
    ),
    404: (
        gettext_lazy("Page not found"),
        gettext_lazy(
            "There is nothing at this address. It may have moved, or the link may be mistyped."
        ),
    ),
    500: (
        gettext_lazy("Something went wrong"),
        gettext_lazy(
            "Ponte could not answer this request. It has been logged; please try again later."
        ),
    ),
}


def _http_error(request: HttpRequest, status: int) -> HttpResponse:
    title, message = HTTP_ERRORS[status]
    if request.path.startswith("/api/"):
        from ponte.core.api import problem

        return problem(request, status=status, title=str(title), detail=str(message))
    context = {"status": status, "title": title, "message": message}
    return render(request, "core/http_error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _http_error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _http_error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _http_error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors: they read the database, which may
    be what failed. The page still has the layout, in the reader's language."""
    title, message = HTTP_ERRORS[500]
    context = {"status": 500, "title": title, "message": message}
    return HttpResponseServerError(render_to_string("core/http_error.html", context))
