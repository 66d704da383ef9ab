"""Logs: every request has an id, sent back in X-Request-ID and written on each log line of
the request; lines are JSON (python-json-logger) or readable text."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from logging.config import dictConfig

import pytest
from django.conf import settings
from django.test import Client

from ponte.core.logs import RequestIdFilter, logging_config


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What Ponte's configured console handler writes, read back."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in handler.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def _records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_a_log_line_written_during_a_request_carries_its_id(
    client: Client, log_lines: io.StringIO
) -> None:
    assert settings.PONTE_LOG_FORMAT == "json"  # the default outside PONTE_DEBUG
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="lb-7f3a.2024:abc")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-7f3a.2024:abc"
    [record] = [r for r in _records(log_lines) if r["logger"] == "django.request"]
    assert record["request_id"] == "lb-7f3a.2024:abc"
    assert record["level"] == "WARNING"
    assert "/no-such-page/" in str(record["message"]) and record["time"]


@pytest.mark.django_db
@pytest.mark.parametrize("sent", [None, "", "has space", "x" * 200, "<script>", "é"])
def test_a_missing_or_malformed_id_is_replaced_by_a_new_one(
    client: Client, log_lines: io.StringIO, sent: str | None
) -> None:
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = client.get("/no-such-page/", **headers)
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert [r["request_id"] for r in _records(log_lines)] == [request_id]
    other = client.get("/no-such-page/", **headers)["X-Request-ID"]
    assert other != request_id


def test_lines_outside_a_request_carry_a_dash(log_lines: io.StringIO) -> None:
    logging.getLogger("ponte.test").warning("no request here")
    [record] = _records(log_lines)
    assert record["request_id"] == "-" and record["message"] == "no request here"


def test_text_format_is_readable_and_has_the_id() -> None:
    config = logging_config(log_format="text", level="INFO")
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream  # type: ignore[index]
    previous = logging.getLogger().handlers[:]
    try:
        dictConfig(config)
        logging.getLogger("ponte.test").error("disk full")
    finally:
        dictConfig(settings.LOGGING)
    assert previous  # the settings' handler is back after reconfiguring
    assert re.fullmatch(r"\S+ \S+ ERROR \[-\] ponte\.test: disk full\n", stream.getvalue())
