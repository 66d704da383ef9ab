from __future__ import annotations

import pytest

from ponte.accounts.models import Role
from ponte.directory.models import Hazard, Theme
from ponte.knowledge.models import Status
from ponte.search import services
from tests.factories import ItemFactory, LocalGovernmentFactory, UserFactory


@pytest.fixture
def world_staff(db):  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.PLATFORM_ADMIN)


@pytest.fixture
def library() -> dict:
    semarang = LocalGovernmentFactory(city_name="Semarang", slug="semarang")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    rosario = LocalGovernmentFactory(city_name="Rosario", slug="rosario")
    flood, waste = (
        Theme.objects.get(slug="disaster-risk-reduction"),
        Theme.objects.get(slug="waste"),
    )
    items = {
        "polder": ItemFactory(
            owner=semarang,
            language_id="id",
            title="Sistem polder untuk mengatasi banjir rob",
            summary="Kota Semarang membangun kolam retensi, pompa dan tanggul laut untuk melindungi kota lama dari banjir pasang.",
            body="Warga kelurahan ikut memelihara saluran drainase.",
        ),
        "bank": ItemFactory(
            owner=semarang,
            language_id="id",
            title="Bank sampah kelurahan",
            summary="Warga menabung sampah terpilah dan mendapatkan uang; sampah ke TPA berkurang.",
        ),
        "budget": ItemFactory(
            owner=rosario,
            language_id="es",
            title="Presupuesto participativo barrial",
            summary="Los vecinos deciden en asambleas cómo invertir parte del presupuesto municipal.",
        ),
        "draft": ItemFactory(
            owner=recife,
            language_id="pt",
            title="Alerta de enchentes por SMS (rascunho)",
            summary="Rascunho sobre alertas de inundação.",
            status=Status.DRAFT,
            published_at=None,
        ),
    }
    items["polder"].themes.add(flood)
    items["polder"].hazards.add(Hazard.objects.get(slug="flood"))
    items["bank"].themes.add(waste)
    services.reindex()
    return items
