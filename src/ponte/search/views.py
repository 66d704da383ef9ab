"""The search page, with instant results as you type (htmx) and facets to narrow them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from ponte.core.access import public
from ponte.core.exceptions import ApplicationError
from ponte.core.limits import check_rate
from ponte.core.views import render_partial_or_page
from ponte.search import registry
from ponte.search.facets import facet_panel
from ponte.search.selectors import FACET_NAMES, SearchFilters, search

PER_PAGE = 20


@public
def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    chosen = {name: request.GET.get(name, "").strip() for name in FACET_NAMES}
    # "lang" is the API's name for the language filter; links may use either.
    chosen["language"] = chosen["language"] or request.GET.get("lang", "").strip()
    chosen["country"] = chosen["country"].upper()
    filters = SearchFilters(**chosen)
    context: dict[str, object] = {
        "q": q,
        "filters": filters,
        "results": None,
        "error": None,
        "type_labels": registry.labels(),
    }
    status = 200
    headers: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    if q.strip():
        try:
            check_rate(request, "search")
            results = search(
                q, filters=filters, limit=PER_PAGE, reader_language=get_language() or ""
            )
        except ApplicationError as exc:
            context["error"] = exc.message
            status, headers = exc.status, exc.headers
        else:
            context["results"] = results
            counts = results.facets
    context["facets"] = facet_panel(
        counts, selected=chosen, type_labels=registry.labels(plural=True)
    )
    response = render_partial_or_page(
        request,
        page="search/page.html",
        partial="search/_results.html",
        context=context,
        status=status,
    )
    for name, value in headers.items():
        response[name] = value
    return response
