"""The library's small world (two networks, three cities, a person per role) for the exchange."""

from tests.knowledge.conftest import world  # noqa: F401
