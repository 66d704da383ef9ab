"""The search page, with instant results as you type (htmx)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from ponte.core.exceptions import ApplicationError
from ponte.core.views import render_partial_or_page
from ponte.search.selectors import SearchFilters, search

PER_PAGE = 20


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    filters = SearchFilters(
        type=request.GET.get("type", ""),
        theme=request.GET.get("theme", ""),
        region=request.GET.get("region", ""),
        language=request.GET.get("lang", ""),
    )
    context: dict[str, object] = {"q": q, "filters": filters, "results": None, "error": None}
    status = 200
    if q.strip():
        try:
            context["results"] = search(
                q, filters=filters, limit=PER_PAGE, reader_language=get_language() or ""
            )
        except ApplicationError as exc:
            context["error"] = exc.message
            status = 400
    return render_partial_or_page(
        request,
        page="search/page.html",
        partial="search/_results.html",
        context=context,
        status=status,
    )
