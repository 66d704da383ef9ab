"""Page-number validation shared by web list views."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ponte.core.exceptions import ApplicationError, NotFoundError


def paginate(queryset: QuerySet[Any], *, page: str | None, per_page: int) -> Page[Any]:
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(page or 1)
    except PageNotAnInteger as exc:
        raise ApplicationError(
            _("Page must be a whole number, not “%(page)s”.") % {"page": page}
        ) from exc
    except EmptyPage as exc:
        # Past the last page (or before the first) there is nothing: not found, not malformed.
        raise NotFoundError(
            _("Page %(page)s does not exist; the last page is %(last)s.")
            % {"page": page, "last": paginator.num_pages}
        ) from exc
