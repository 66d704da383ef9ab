"""/metrics: Prometheus figures for requests and database queries, closed to everyone but a
scraper that sends the configured bearer token."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

TOKEN = "metrics-token-for-tests-0123456789"


def _sample(text: str, metric: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        match = re.fullmatch(rf"{metric}\{{(.*)\}} (\S+)", line)
        if match and all(f'{key}="{value}"' in match.group(1) for key, value in labels.items()):
            total += float(match.group(2))
    return total


@pytest.mark.django_db
def test_metrics_are_closed_without_a_configured_token(client: Client) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
@override_settings(PONTE_METRICS_TOKEN=TOKEN)
def test_metrics_need_the_token(client: Client) -> None:
    for header in ("", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN):
        response = client.get("/metrics", HTTP_AUTHORIZATION=header)
        assert response.status_code == 404, header
        assert b"django_http_requests" not in response.content


@pytest.mark.django_db
@override_settings(PONTE_METRICS_TOKEN=TOKEN)
def test_metrics_count_requests_and_database_queries(client: Client) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    before = client.get("/metrics", **auth).content.decode()
    for _ in range(3):
        assert client.get("/health/ready").status_code == 200
    response = client.get("/metrics", **auth)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    after = response.content.decode()
    view = "django_http_responses_total_by_status_view_method_total"
    labels = {"view": "health:ready", "status": "200", "method": "GET"}
    assert _sample(after, view, **labels) - _sample(before, view, **labels) == 3
    # The readiness check runs SELECT 1 on the database each time.
    queries = "django_db_execute_total"
    assert _sample(after, queries) - _sample(before, queries) >= 3
    assert _sample(after, "django_http_requests_latency_seconds_by_view_method_count") > 0
