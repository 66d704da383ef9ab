"""`/metrics`: Prometheus metrics (django-prometheus), for a scraper that holds the token.

Requests (count, latency, status, view), database queries (count, time, errors, connections)
and migrations are measured in every process. The page is closed unless
`PONTE_METRICS_TOKEN` is set, and then answers only a request that sends
`Authorization: Bearer <token>`: it tells which views are used and how much, which is not
for everyone. Without the right token it is a 404, as if it were not there.

With several processes (`ponte serve`'s workers) each keeps its figures in files under
`PROMETHEUS_MULTIPROC_DIR`, which `ponte serve` sets, and any process answers for all.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView

from ponte.core.access import public


def token_matches(request: HttpRequest) -> bool:
    expected: str = settings.PONTE_METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(
        expected
        and scheme.lower() == "bearer"
        and secrets.compare_digest(given.strip().encode(), expected.encode())
    )


@public  # to the access declarations; the bearer token is what lets a scraper in
@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not token_matches(request):
        raise Http404
    response: HttpResponse = ExportToDjangoView(request)
    return response
