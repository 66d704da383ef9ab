"""A URLconf with a Ponte view that forgot to declare who may open it, one that did, and one
that is not Ponte's, on top of the site's own URLs (the error page links to them)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ponte.core.access import public
from ponte.site.urls import urlpatterns as site_urlpatterns


def forgotten(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Anyone could read this.")


@public
def declared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Open to all, on purpose.")


def foreign(request: HttpRequest) -> HttpResponse:
    return HttpResponse("A library's page, which Ponte does not police.")


# As if written in one of Ponte's apps.
forgotten.__module__ = declared.__module__ = "ponte.site.forgotten"

urlpatterns = [
    path("forgotten/", forgotten),
    path("declared/", declared),
    path("foreign/", foreign),
    *site_urlpatterns,
]
