"""What each page asks of the person opening it, declared on the view itself.

Every view of Ponte's declares one of:

- `@public`: anyone may open it; what it shows is still filtered by the rules of the app's
  `permissions.py` (a draft is a 404 to those who may not see it);
- `@signed_in`: visitors are sent to sign in first; the object rules are checked by the
  services the view calls (a 403 with the reason when they refuse);
- `@staff_only`, `@admin_only` (in `ponte.accounts.access`, which knows roles): network staff
  and platform administrators, or administrators only.

`DeclaredAccessMiddleware` (below) refuses (403) any Ponte view that declares nothing, so a
view added without thought is closed rather than open. API operations declare the same way: an
operation is public only when marked `@public`, otherwise it needs ninja's `auth=` (see
`ponte.site.api.refuse_undeclared_operations`).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ponte.core.exceptions import PermissionDeniedError
from ponte.core.views import error_page

V = TypeVar("V", bound=Callable[..., Any])

ATTRIBUTE = "ponte_access"
access_logger = logging.getLogger("ponte.access")


class Access(enum.Enum):
    PUBLIC = "public"
    SIGNED_IN = "signed in"
    STAFF = "network staff"
    ADMIN = "platform administrator"


def declare(view: V, access: Access) -> V:
    setattr(view, ATTRIBUTE, access)
    return view


def access_of(view: Callable[..., Any]) -> Access | None:
    """What a resolved view declared (class-based views declare on their class)."""
    declared = getattr(view, ATTRIBUTE, None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), ATTRIBUTE, None)
    return declared


def public(view: V) -> V:
    return declare(view, Access.PUBLIC)


def signed_in(view: V) -> V:
    return declare(login_required(view), Access.SIGNED_IN)


def is_ponte_view(view: Callable[..., Any]) -> bool:
    module = getattr(view, "__module__", "") or ""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    return module.startswith("ponte.")


class DeclaredAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if is_ponte_view(view) and access_of(view) is None:
            access_logger.error("Refused %s: view %s declares no access", request.path, view)
            return error_page(
                request, PermissionDeniedError(_("This page is not open to anyone yet."))
            )
        return None
