"""Helpers every app's views share; the one place that turns domain errors into pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

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
