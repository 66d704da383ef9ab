"""The permission world, built once per test module: each test runs in a savepoint inside the
transaction that holds it, so a test's writes vanish and the world is back for the next one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from ponte.matching import world as matching_world
from tests.site.world import World, build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        matching_world.reset()
        yield build()
        transaction.set_rollback(True)
    # The matching world cached in this process was built from rows that no longer exist.
    matching_world.reset()
