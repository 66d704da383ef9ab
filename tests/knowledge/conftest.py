"""A small world for the library: two networks, three cities, a person for each role."""

from __future__ import annotations

import pytest

from ponte.accounts.models import Role
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory, UserFactory


@pytest.fixture
def world(db) -> dict:  # type: ignore[no-untyped-def]
    aspac = NetworkFactory(slug="uclg-aspac", name="UCLG ASPAC")
    merco = NetworkFactory(slug="mercociudades", name="MERCOCIUDADES")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    MembershipFactory(local_government=surabaya, network=aspac)
    MembershipFactory(local_government=semarang, network=aspac)
    MembershipFactory(local_government=recife, network=merco)
    return {
        "aspac": aspac,
        "merco": merco,
        "surabaya": surabaya,
        "semarang": semarang,
        "recife": recife,
        "surabaya_member": UserFactory(role=Role.MEMBER, local_government=surabaya),
        "semarang_member": UserFactory(role=Role.MEMBER, local_government=semarang),
        "aspac_staff": UserFactory(role=Role.NETWORK_STAFF, network=aspac),
        "merco_staff": UserFactory(role=Role.NETWORK_STAFF, network=merco),
        "admin": UserFactory(role=Role.PLATFORM_ADMIN),
    }
