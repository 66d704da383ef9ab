"""Workflow, permissions, revisions, conflicts and language handling of library items."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ponte.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from ponte.knowledge import services
from ponte.knowledge.models import Item, Status

pytestmark = pytest.mark.django_db

PRACTICE = {
    "title": "Waste bank in every neighbourhood",
    "summary": "Residents deposit sorted waste and earn savings.",
    "body": "## What we did\n\nWe opened 300 waste banks.",
    "language": "en",
    "themes": ["waste"],
    "sdg_targets": ["12.5"],
    "results": [
        {
            "indicator": "Waste to landfill",
            "unit": "tonnes/day",
            "baseline": 1500,
            "target": 1200,
            "achieved": 1250,
        }
    ],
}


def _draft(world: dict, **changes: object) -> Item:
    return services.item_create(
        actor=world["surabaya_member"],
        owner=services.Owner(local_government=world["surabaya"]),
        data={**PRACTICE, **changes},
    )


def test_member_creates_a_draft_with_tags_and_results(world: dict) -> None:
    item = _draft(world)
    assert item.status == Status.DRAFT
    assert list(item.themes.values_list("slug", flat=True)) == ["waste"]
    result = item.results.get()
    assert (result.unit, result.baseline, result.achieved) == ("tonnes/day", 1500, 1250)
    assert item.revisions.get().action == "created"


def test_member_cannot_publish_for_another_city(world: dict) -> None:
    with pytest.raises(PermissionDeniedError):
        services.item_create(
            actor=world["semarang_member"],
            owner=services.Owner(local_government=world["surabaya"]),
            data=PRACTICE,
        )


def test_result_without_unit_is_refused_and_nothing_is_written(world: dict) -> None:
    with pytest.raises(ApplicationError) as caught:
        _draft(world, results=[{"indicator": "Trees planted", "achieved": 100}])
    assert "no unit" in caught.value.errors["results"][0]
    assert not Item.objects.exists()


def test_unknown_tags_are_named(world: dict) -> None:
    with pytest.raises(ApplicationError) as caught:
        _draft(world, themes=["waste", "space-travel"], sdg_targets=["18.1"])
    assert caught.value.errors == {
        "themes": ["Unknown: space-travel"],
        "sdg_targets": ["Unknown: 18.1"],
    }


def test_full_workflow_and_who_may_make_each_transition(world: dict) -> None:
    item = _draft(world)
    # Only the owner submits.
    for actor in (world["semarang_member"], world["merco_staff"], AnonymousUser()):
        with pytest.raises(PermissionDeniedError):
            services.item_transition(actor=actor, item=item, action="submit")
    services.item_transition(actor=world["surabaya_member"], item=item, action="submit")
    # The owner cannot publish its own item; staff of another network cannot either.
    for actor in (world["surabaya_member"], world["merco_staff"], world["semarang_member"]):
        with pytest.raises(PermissionDeniedError):
            services.item_transition(actor=actor, item=item, action="publish")
    returned = services.item_transition(
        actor=world["aspac_staff"], item=item, action="return", comment="Add costs"
    )
    assert returned.status == Status.DRAFT
    services.item_transition(actor=world["surabaya_member"], item=item, action="submit")
    published = services.item_transition(
        actor=world["aspac_staff"], item=item, action="publish", comment="Great"
    )
    assert published.status == Status.PUBLISHED and published.published_at is not None
    archived = services.item_transition(actor=world["surabaya_member"], item=item, action="archive")
    assert archived.status == Status.ARCHIVED
    restored = services.item_transition(actor=world["admin"], item=item, action="restore")
    assert restored.status == Status.DRAFT
    actions = list(item.revisions.order_by("number").values_list("action", "comment"))
    assert actions == [
        ("created", ""),
        ("submit", ""),
        ("return", "Add costs"),
        ("submit", ""),
        ("publish", "Great"),
        ("archive", ""),
        ("restore", ""),
    ]
    assert item.revisions.get(action="publish").author == world["aspac_staff"]


def test_transitions_from_the_wrong_status_are_refused(world: dict) -> None:
    item = _draft(world)
    with pytest.raises(
        ApplicationError, match="this is draft; it must be submitted for review first"
    ):
        services.item_transition(actor=world["admin"], item=item, action="publish")
    services.item_transition(actor=world["surabaya_member"], item=item, action="submit")
    with pytest.raises(ApplicationError, match="Say what needs to change"):
        services.item_transition(
            actor=world["aspac_staff"], item=item, action="return", comment="  "
        )
    with pytest.raises(ApplicationError, match="Unknown action “teleport”"):
        services.item_transition(actor=world["admin"], item=item, action="teleport")


def test_edits_keep_revisions_and_stale_editors_get_a_conflict(world: dict) -> None:
    item = _draft(world)
    loaded_version = item.version
    services.item_update(
        actor=world["surabaya_member"],
        item=item,
        version=loaded_version,
        data={"title": "Waste banks v2"},
    )
    with pytest.raises(ConflictError, match="Someone else saved this item"):
        services.item_update(
            actor=world["admin"], item=item, version=loaded_version, data={"title": "Overwrite"}
        )
    item.refresh_from_db()
    assert item.title == "Waste banks v2"
    revisions = list(item.revisions.order_by("number"))
    assert [r.snapshot["title"] for r in revisions] == [
        "Waste bank in every neighbourhood",
        "Waste banks v2",
    ]
    assert revisions[1].author == world["surabaya_member"]


def test_other_cities_may_not_edit(world: dict) -> None:
    item = _draft(world)
    for actor in (world["semarang_member"], world["merco_staff"], AnonymousUser()):
        with pytest.raises(PermissionDeniedError):
            services.item_update(actor=actor, item=item, version=item.version, data={"title": "x"})


def test_co_owners_may_edit(world: dict) -> None:
    item = _draft(world)
    item.co_owners.add(world["semarang"])
    services.item_update(
        actor=world["semarang_member"], item=item, version=1, data={"summary": "Joint work."}
    )


def test_network_staff_publish_resources_in_their_network_name(world: dict) -> None:
    resource = services.item_create(
        actor=world["aspac_staff"],
        owner=services.Owner(network=world["aspac"]),
        data={
            "type": "module",
            "title": "Resilience Module",
            "summary": "Training on urban resilience.",
            "language": "en",
        },
    )
    services.item_transition(actor=world["aspac_staff"], item=resource, action="submit")
    services.item_transition(actor=world["aspac_staff"], item=resource, action="publish")
    with pytest.raises(PermissionDeniedError):
        services.item_create(
            actor=world["merco_staff"],
            owner=services.Owner(network=world["aspac"]),
            data={"type": "report", "title": "x", "summary": "y", "language": "en"},
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The city built drainage channels and trained neighbourhood volunteers to keep them clear.",
            "en",
        ),
        (
            "La municipalidad construyó canales de drenaje y capacitó a vecinos voluntarios para mantenerlos.",
            "es",
        ),
        (
            "A prefeitura construiu canais de drenagem e capacitou moradores voluntários para mantê-los limpos.",
            "pt",
        ),
        (
            "Pemerintah kota membangun saluran drainase dan melatih relawan warga untuk menjaganya tetap bersih.",
            "id",
        ),
    ],
)
def test_language_is_detected_when_not_given(world: dict, text: str, expected: str) -> None:
    item = _draft(world, language=None, title=text[:60], summary=text, body="")
    assert item.language_id == expected
    assert item.language_detected is True
    corrected = services.item_update(
        actor=world["surabaya_member"], item=item, version=1, data={"language": "ms"}
    )
    assert corrected.language_id == "ms" and corrected.language_detected is False


def test_language_versions_are_kept_apart_by_origin(world: dict) -> None:
    item = _draft(world)
    services.translation_save(
        actor=world["surabaya_member"],
        item=item,
        language="id",
        title="Bank sampah",
        summary="Warga menabung sampah.",
        body="",
        origin="human",
    )
    services.translation_save(
        actor=world["surabaya_member"],
        item=item,
        language="pt",
        title="Banco de resíduos",
        summary="...",
        body="",
        origin="machine",
    )
    assert dict(item.translations.values_list("language_id", "origin")) == {
        "id": "human",
        "pt": "machine",
    }
    assert item.version_for("id").title == "Bank sampah"
    assert item.version_for("es").title == item.title  # no Spanish version: the original
    with pytest.raises(ApplicationError, match="original language"):
        services.translation_save(
            actor=world["surabaya_member"],
            item=item,
            language="en",
            title="x",
            summary="y",
            body="",
        )
    with pytest.raises(PermissionDeniedError):
        services.translation_save(
            actor=world["semarang_member"],
            item=item,
            language="es",
            title="x",
            summary="y",
            body="",
        )
