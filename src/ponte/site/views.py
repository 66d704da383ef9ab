"""The home page: what the site holds, from every app; and My Ponte, a person's own page."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ponte.core.access import public, signed_in
from ponte.core.collation import collated
from ponte.directory.models import LocalGovernment, Network, PonteRegion
from ponte.events.selectors import upcoming
from ponte.site.my_ponte import my_ponte


@public
def home(request: HttpRequest) -> HttpResponse:
    by_region = dict(
        LocalGovernment.objects.values_list("country__ponte_region")
        .annotate(n=Count("id"))
        .values_list("country__ponte_region", "n")
    )
    context = {
        "networks": Network.objects.order_by(collated("name").asc())[:8],
        "asia_pacific_count": by_region.get(PonteRegion.ASIA_PACIFIC, 0),
        "latin_america_count": by_region.get(PonteRegion.LATIN_AMERICA, 0),
        "local_government_count": sum(by_region.values()),
        "events_panel": {"events": upcoming(request.user, limit=5, status="published")},
    }
    return render(request, "core/home.html", context)


@signed_in
def me(request: HttpRequest) -> HttpResponse:
    """My Ponte: what waits for this person, where they land after signing in."""
    return render(request, "core/my_ponte.html", my_ponte(request.user))
