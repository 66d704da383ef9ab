"""The search page, with instant results as you type (htmx) and facets to narrow them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ponte.core.access import public
from ponte.core.exceptions import ApplicationError, NotFoundError
from ponte.core.limits import check_rate
from ponte.core.views import render_partial_or_page
from ponte.search import registry
from ponte.search.facets import facet_panel
from ponte.search.selectors import FACET_NAMES, SearchFilters, search

PER_PAGE = 20


@dataclass(frozen=True)
class ResultsPage:
    """Where a page of results sits among all of them, for the page links."""

    number: int
    pages: int
    total: int

    @property
    def first(self) -> int:
        return (self.number - 1) * PER_PAGE + 1

    @property
    def last(self) -> int:
        return min(self.number * PER_PAGE, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        number = 0
    if number < 1:
        raise ApplicationError(_("Page must be a whole number, not “%(page)s”.") % {"page": value})
    return number


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
            number = _page_number(request.GET.get("page"))
            results = search(
                q,
                filters=filters,
                limit=PER_PAGE,
                offset=(number - 1) * PER_PAGE,
                reader_language=get_language() or "",
            )
            pages = max(1, math.ceil(results.total / PER_PAGE))
            if number > pages:
                raise NotFoundError(
                    _("Page %(page)s does not exist; the last page is %(last)s.")
                    % {"page": number, "last": pages}
                )
        except ApplicationError as exc:
            context["error"] = exc.message
            status, headers = exc.status, exc.headers
        else:
            context["results"] = results
            context["page"] = ResultsPage(number=number, pages=pages, total=results.total)
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
