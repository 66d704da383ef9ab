"""Exchange workflows and permissions: needs and offers through review, expiry and renewal,
solidarity requests and pledges, and the all-or-nothing import."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from ponte.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from ponte.core.rows import ImportRejected, read_rows
from ponte.exchange import selectors, services, transfer
from ponte.exchange.models import Need, Offer, Pledge, PostStatus, SolidarityItem, SolidarityRequest
from tests.factories import ItemFactory

NEED = {
    "title": "Waste banks for hillside neighbourhoods",
    "description": "We want households to separate waste and save money from recycling.",
    "language": "en",
    "themes": ["waste"],
    "sdg_targets": ["11.6"],
    "hazards": ["flood"],
    "formats": ["webinar"],
    "preferred_languages": ["en", "es"],
}


@pytest.fixture
def need(world) -> Need:  # type: ignore[no-untyped-def]
    return services.need_create(
        actor=world["surabaya_member"], local_government=world["surabaya"], data=dict(NEED)
    )


def test_a_need_goes_from_draft_through_review_to_open(world, need) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    assert need.status == PostStatus.DRAFT
    assert not selectors.visible_posts(Need, AnonymousUser()).filter(pk=need.pk).exists()
    assert not selectors.visible_posts(Need, world["semarang_member"]).filter(pk=need.pk).exists()
    services.post_transition(actor=world["surabaya_member"], post=need, action="submit")
    with pytest.raises(PermissionDeniedError):
        services.post_transition(actor=world["merco_staff"], post=need, action="approve")
    with pytest.raises(ApplicationError, match="Say what needs to change"):
        services.post_transition(actor=world["aspac_staff"], post=need, action="return")
    opened = services.post_transition(actor=world["aspac_staff"], post=need, action="approve")
    assert opened.status == PostStatus.OPEN
    assert opened.expires_on == timezone.localdate() + dt.timedelta(days=90)
    assert selectors.visible_posts(Need, AnonymousUser()).filter(pk=need.pk).exists()
    assert [t.slug for t in opened.themes.all()] == ["waste"]
    assert sorted(lang.code for lang in opened.preferred_languages.all()) == ["en", "es"]


def test_only_the_owner_edits_and_concurrent_edits_conflict(world, need) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.post_update(
            actor=world["semarang_member"], post=need, version=need.version, data={"title": "x"}
        )
    services.post_update(
        actor=world["surabaya_member"], post=need, version=1, data={"title": "First edit"}
    )
    with pytest.raises(ConflictError):
        services.post_update(
            actor=world["surabaya_member"], post=need, version=1, data={"title": "Stale edit"}
        )
    need.refresh_from_db()
    assert need.title == "First edit"


def test_bad_need_input_is_refused_and_nothing_is_written(world) -> None:  # type: ignore[no-untyped-def]
    for bad, field in [
        ({"themes": ["no-such-theme"]}, "themes"),
        ({"formats": ["carrier-pigeon"]}, "formats"),
        ({"deadline": "2001-01-01"}, "deadline"),
        ({"deadline": "tomorrow"}, "deadline"),
        ({"preferred_languages": ["xx"]}, "preferred_languages"),
    ]:
        with pytest.raises(ApplicationError) as caught:
            services.need_create(
                actor=world["surabaya_member"],
                local_government=world["surabaya"],
                data={**NEED, **bad},
            )
        assert field in caught.value.errors
    with pytest.raises(PermissionDeniedError):
        services.need_create(
            actor=world["semarang_member"], local_government=world["surabaya"], data=dict(NEED)
        )
    assert Need.objects.count() == 0


def test_stale_needs_expire_unless_renewed(world, need) -> None:  # type: ignore[no-untyped-def]
    services.post_transition(actor=world["surabaya_member"], post=need, action="submit")
    services.post_transition(actor=world["aspac_staff"], post=need, action="approve")
    later = timezone.localdate() + dt.timedelta(days=91)
    assert services.expire_posts(today=timezone.localdate()) == 0
    assert services.expire_posts(today=later) == 1
    need.refresh_from_db()
    assert need.status == PostStatus.EXPIRED
    renewed = services.post_transition(actor=world["surabaya_member"], post=need, action="renew")
    assert renewed.status == PostStatus.OPEN
    assert renewed.expires_on > timezone.localdate()


def test_only_ponte_expires_and_closed_posts_stay_closed(world, need) -> None:  # type: ignore[no-untyped-def]
    services.post_transition(actor=world["surabaya_member"], post=need, action="submit")
    with pytest.raises(ApplicationError, match="“Close” is not possible: this is awaiting review"):
        services.post_transition(actor=world["surabaya_member"], post=need, action="close")
    services.post_transition(actor=world["aspac_staff"], post=need, action="approve")
    for person in (world["surabaya_member"], world["aspac_staff"], world["admin"]):
        with pytest.raises(PermissionDeniedError, match="expire on their own"):
            services.post_transition(actor=person, post=need, action="expire")
    closed = services.post_transition(actor=world["aspac_staff"], post=need, action="close")
    assert closed.status == PostStatus.CLOSED
    with pytest.raises(ApplicationError, match="Unknown action “restore”"):
        services.post_transition(actor=world["admin"], post=need, action="restore")
    with pytest.raises(PermissionDeniedError, match="Only those who may edit this may renew"):
        services.post_transition(actor=world["aspac_staff"], post=need, action="renew")


def test_offers_come_from_a_city_or_its_network_with_its_own_practice(world) -> None:  # type: ignore[no-untyped-def]
    own = ItemFactory(owner=world["surabaya"], external_id="own-practice")
    other = ItemFactory(owner=world["recife"], external_id="other-practice")
    data = {"title": "Study visit", "description": "Come and see.", "language": "id"}
    offer = services.offer_create(
        actor=world["surabaya_member"],
        provider=services.Provider(local_government=world["surabaya"]),
        data={**data, "practice": "own-practice", "kind": Offer.Kind.STUDY_VISIT},
    )
    assert offer.practice == own
    with pytest.raises(ApplicationError, match="Only your own practices"):
        services.offer_create(
            actor=world["surabaya_member"],
            provider=services.Provider(local_government=world["surabaya"]),
            data={**data, "practice": other.external_id},
        )
    with pytest.raises(PermissionDeniedError):
        services.offer_create(
            actor=world["merco_staff"],
            provider=services.Provider(network=world["aspac"]),
            data=data,
        )
    by_network = services.offer_create(
        actor=world["aspac_staff"], provider=services.Provider(network=world["aspac"]), data=data
    )
    assert by_network.provider_name == "UCLG ASPAC"


@pytest.fixture
def masks(world) -> SolidarityRequest:  # type: ignore[no-untyped-def]
    return services.solidarity_request_create(
        actor=world["admin"],
        local_government=world["recife"],
        data={
            "title": "Masks",
            "description": "For clinics.",
            "language": "pt",
            "delivery_place": "City hall",
            "hazard": "epidemic",
        },
        items=[{"name": "Disposable medical masks", "quantity": "50000", "unit": "pieces"}],
    )


def test_pledges_never_exceed_what_was_asked_without_confirmation(world, masks) -> None:  # type: ignore[no-untyped-def]
    item = masks.items.get()
    member = world["surabaya_member"]
    services.pledge_create(
        actor=member, item=item, local_government=world["surabaya"], quantity="30000"
    )
    with pytest.raises(services.OverPledgeError, match="Only 20000 pieces are still missing"):
        services.pledge_create(
            actor=world["semarang_member"],
            item=item,
            local_government=world["semarang"],
            quantity="25000",
        )
    assert Pledge.objects.count() == 1
    services.pledge_create(
        actor=world["semarang_member"],
        item=item,
        local_government=world["semarang"],
        quantity="25000",
        confirm_over=True,
    )
    item = SolidarityItem.objects.get(pk=item.pk)
    assert item.committed() == Decimal("55000") and item.missing() == 0
    with pytest.raises(ApplicationError, match="own request"):
        services.pledge_create(
            actor=world["admin"], item=item, local_government=world["recife"], quantity="1"
        )
    with pytest.raises(PermissionDeniedError):
        services.pledge_create(
            actor=member, item=item, local_government=world["semarang"], quantity="1"
        )


def test_pledge_fulfilment_is_tracked_by_the_right_side(world, masks) -> None:  # type: ignore[no-untyped-def]
    from ponte.accounts.models import Role
    from tests.factories import UserFactory

    recife_member = UserFactory(role=Role.MEMBER, local_government=world["recife"])
    pledge = services.pledge_create(
        actor=world["surabaya_member"],
        item=masks.items.get(),
        local_government=world["surabaya"],
        quantity="1000",
    )
    with pytest.raises(PermissionDeniedError):
        services.pledge_advance(actor=recife_member, pledge=pledge, status="shipped")
    services.pledge_advance(actor=world["surabaya_member"], pledge=pledge, status="shipped")
    with pytest.raises(ApplicationError):
        services.pledge_advance(actor=world["surabaya_member"], pledge=pledge, status="pledged")
    with pytest.raises(PermissionDeniedError):
        services.pledge_advance(actor=world["surabaya_member"], pledge=pledge, status="received")
    services.pledge_advance(actor=recife_member, pledge=pledge, status="received")
    assert masks.items.get().received() == Decimal("1000")


def test_solidarity_requests_need_items_with_units_and_positive_quantities(world) -> None:  # type: ignore[no-untyped-def]
    base = {"title": "Help", "description": "Flood.", "language": "en", "delivery_place": "Port"}
    for items in (
        [],
        [{"name": "Tents", "quantity": "10", "unit": ""}],
        [{"name": "Tents", "quantity": "0", "unit": "pieces"}],
        [{"name": "Tents", "quantity": "many", "unit": "pieces"}],
    ):
        with pytest.raises(ApplicationError):
            services.solidarity_request_create(
                actor=world["surabaya_member"],
                local_government=world["surabaya"],
                data=base,
                items=items,
            )
    assert SolidarityRequest.objects.count() == 0


def _rows(text: str, fmt: str = "jsonl"):  # type: ignore[no-untyped-def]
    return read_rows(io.StringIO(text), fmt, fields=transfer.NEED_FIELDS)


def test_needs_import_is_all_or_nothing_and_idempotent(world) -> None:  # type: ignore[no-untyped-def]
    good = (
        '{"external_id": "n1", "title": "Flood maps", "description": "We need flood maps.", '
        '"language": "en", "city": "Surabaya", "country": "ID", "themes": ["water"], '
        '"sdg_targets": ["11.5"], "status": "open"}\n'
    )
    bad = (
        '{"title": "", "description": "x", "language": "zz", "city": "Atlantis", "country": "ID"}\n'
    )
    with pytest.raises(ImportRejected) as caught:
        transfer.import_needs(_rows(good + bad))
    lines = {line for line, _message in caught.value.problems}
    assert lines == {2}
    assert Need.objects.count() == 0
    first = transfer.import_needs(_rows(good))
    again = transfer.import_needs(_rows(good))
    assert (first.created, again.created, again.updated) == (1, 0, 1)
    need = Need.objects.get()
    assert need.status == PostStatus.OPEN and need.local_government == world["surabaya"]
    csv_text = "title,description,language,city,country,themes,status\nAgua,Necesitamos agua.,es,Recife,BR,water;waste,draft\n"
    report = transfer.import_needs(_rows(csv_text, "csv"))
    assert report.created == 1
    assert sorted(t.slug for t in Need.objects.get(language_id="es").themes.all()) == [
        "waste",
        "water",
    ]


def test_an_open_need_follows_its_deadline_when_edited_renewed_or_imported(world, need) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    services.post_transition(actor=world["surabaya_member"], post=need, action="submit")
    need = services.post_transition(actor=world["aspac_staff"], post=need, action="approve")
    assert need.expires_on == today + dt.timedelta(days=90)  # no deadline: the default window
    later = today + dt.timedelta(days=150)
    need = services.post_update(
        actor=world["surabaya_member"],
        post=need,
        version=need.version,
        data={"deadline": later.isoformat()},
    )
    assert need.expires_on == later
    need = services.post_transition(actor=world["surabaya_member"], post=need, action="renew")
    assert need.expires_on == later
    row = (
        '{"external_id": "n1", "title": "Flood maps", "description": "We need flood maps.", '
        '"language": "en", "city": "Surabaya", "country": "ID", "status": "open", '
        f'"deadline": "{later.isoformat()}"}}\n'
    )
    transfer.import_needs(_rows(row))
    assert Need.objects.get(external_id="n1").expires_on == later
