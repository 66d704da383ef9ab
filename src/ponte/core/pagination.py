"""Page-number validation shared by web list views."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet

from ponte.core.exceptions import ApplicationError


def paginate(queryset: QuerySet[Any], *, page: str | None, per_page: int) -> Page[Any]:
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(page or 1)
    except PageNotAnInteger as exc:
        raise ApplicationError(f"Page must be a whole number, not {page!r}.") from exc
    except EmptyPage as exc:
        raise ApplicationError(
            f"Page {page} does not exist; there are {paginator.num_pages} pages."
        ) from exc
