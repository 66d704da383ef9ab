"""Ponte's URLs plus views that fail on purpose, to see Django's error handlers at work."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from ponte.site.urls import handler400, handler403, handler404, handler500  # noqa: F401
from ponte.site.urls import urlpatterns as ponte_urlpatterns


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Interests belong to a local government")


def _bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest("Malformed")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Something broke")


urlpatterns = [
    path("fail/403/", _forbidden),
    path("fail/400/", _bad),
    path("fail/500/", _broken),
    *ponte_urlpatterns,
]
