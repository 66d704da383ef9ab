"""The library's small world (two networks, three cities, a person per role)."""

from tests.knowledge.conftest import world  # noqa: F401
