from __future__ import annotations

import pytest

from ponte.accounts.models import Role
from tests.factories import UserFactory


@pytest.fixture
def world_staff(db):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.PLATFORM_ADMIN)
