"""Role gates for views, beside the generic declarations of `ponte.core.access`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ponte.accounts.permissions import is_admin, staff_of
from ponte.core.access import Access, declare
from ponte.core.exceptions import PermissionDeniedError
from ponte.core.views import error_page

V = TypeVar("V", bound=Callable[..., Any])


def _role_gate(
    view: V, access: Access, allowed: Callable[[Any], bool], message: str | Promise
) -> V:
    @functools.wraps(view)
    def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allowed(request.user):
            # A lazy message: translated now, in the reader's language.
            return error_page(request, PermissionDeniedError(str(message)))
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]

    return declare(login_required(gated), access)  # type: ignore[return-value]


def staff_only(view: V) -> V:
    return _role_gate(
        view,
        Access.STAFF,
        lambda user: is_admin(user) or staff_of(user) is not None,
        _("Only network staff may open this page."),
    )


def admin_only(view: V) -> V:
    return _role_gate(
        view, Access.ADMIN, is_admin, _("Only platform administrators may open this page.")
    )
