"""Schemathesis over the whole OpenAPI document (issue 12, "Fuzzing in CI"): every operation,
as a visitor and with a write token of Surabaya's focal point, on the permission world
(tests/site/world.py: drafts, published and archived items, needs and offers in every
status, a partnership and its project). Nothing may answer 5xx, and every answer must be
one the document declares: its status, content type, headers and body schema.

Bounded for CI: `PONTE_FUZZ_EXAMPLES` examples per operation and generation phase (default
below), derandomised so that a run is repeatable; the same run takes about a minute on two
cores. Set `PONTE_FUZZ_EXAMPLES=200` for a deeper local run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from ponte.accounts.services import api_token_create
from ponte.site.api import api
from tests.site.world import World

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PONTE_FUZZ_EXAMPLES", "8"))

# Real records for path parameters (half of the generated paths name one): random slugs and
# ids only ever reach the 404 branch. Filled from the world before each run.
KNOWN: dict[str, dict[str, list[Any]]] = {}


def _known(world: World) -> dict[str, dict[str, list[Any]]]:
    items = [item.slug for item in world.items.values()]
    events = [e.pk for e in (world.event, world.event_open, world.event_draft, world.event_past)]
    return {
        "/api/v1/local-governments/{slug}": {"slug": ["surabaya", "recife"]},
        "/api/v1/local-governments/{key}/peers": {"key": ["surabaya", str(world.recife.pk)]},
        "/api/v1/networks/{slug}": {"slug": ["uclg-aspac", "mercociudades"]},
        "/api/v1/committees/{slug}": {"slug": [world.committee.slug]},
        "/api/v1/countries/{iso2}": {"iso2": ["ID", "BR"]},
        "/api/v1/sdg/goals/{number}": {"number": [6, 11]},
        "/api/v1/sdg/targets/{code}": {"code": ["11.5", "6.1"]},
        "/api/v1/themes/{slug}": {"slug": ["waste", "disaster-risk-reduction"]},
        "/api/v1/items/{slug}": {"slug": items},
        "/api/v1/items/{slug}/submit": {"slug": items},
        "/api/v1/items/{slug}/publish": {"slug": items},
        "/api/v1/items/{slug}/return": {"slug": items},
        "/api/v1/items/{slug}/archive": {"slug": items},
        "/api/v1/needs/{need_id}": {"need_id": [n.pk for n in world.needs.values()]},
        "/api/v1/needs/{need_id}/matches": {"need_id": [n.pk for n in world.needs.values()]},
        "/api/v1/offers/{offer_id}": {"offer_id": [o.pk for o in world.offers.values()]},
        "/api/v1/solidarity-requests/{request_id}": {"request_id": [world.solidarity.pk]},
        "/api/v1/partnerships/{partnership_id}": {"partnership_id": [world.partnership.pk]},
        "/api/v1/projects/{project_id}": {"project_id": [world.project.pk]},
        **{
            f"/api/v1/events/{{event_id}}{tail}": {"event_id": events}
            for tail in ("", "/publish", "/cancel", "/registrations")
        },
    }


@schemathesis.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    known = KNOWN.get(context.operation.path if context.operation else "", {})
    if not known or not path_parameters:
        return st.just(path_parameters)
    real = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in known.items()})
    return st.one_of(st.just(path_parameters), real)


@pytest.fixture(autouse=True)
def _known_records(world: World) -> Iterator[None]:
    KNOWN.update(_known(world))
    yield
    KNOWN.clear()


@pytest.fixture(autouse=True)
def _keep_the_test_database_open() -> Iterator[None]:
    """Django's WSGI handler closes the database connection when a request finishes; in a
    test that would end the transaction holding the world. Django's test client does the
    same as this while it sends a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The document as the API serves it at /api/v1/openapi.json, called through Django's WSGI
# handler (no server, no network).
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            # "A request the document allows was refused": Ponte answers 400, declared on every
            # operation, for values the document cannot spell out (an unknown theme slug, a
            # practice of another city, a deadline in the past, a NUL character, an empty
            # search). 412: a generated If-Match names no current version, as it should not.
            # A 422 (the document and the validation disagree) is still a failure.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "412", "428", "429"]
            },
        }
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1"), config=CONFIG
)
schema.app = WSGIHandler()
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@FUZZ
def test_anonymous(case: Any) -> None:
    case.call_and_validate()


@pytest.fixture
def write_token(world: World) -> str:
    owner = world.actor("owner_member")
    return api_token_create(actor=owner, name="fuzz", scope="write", expires_at=None)[1]


@schema.parametrize()
@FUZZ
def test_with_a_write_token(case: Any, write_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {write_token}"})
