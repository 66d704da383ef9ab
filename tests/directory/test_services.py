"""Each role's allowed and refused directory writes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ponte.accounts.models import Role
from ponte.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from ponte.directory import services
from ponte.directory.models import LocalGovernment
from tests.factories import (
    CommitteeFactory,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> dict[str, object]:
    aspac = NetworkFactory(slug="uclg-aspac")
    merco = NetworkFactory(slug="mercociudades")
    surabaya = LocalGovernmentFactory(city_name="Surabaya")
    semarang = LocalGovernmentFactory(city_name="Semarang")
    rosario = LocalGovernmentFactory(city_name="Rosario")
    MembershipFactory(local_government=surabaya, network=aspac)
    MembershipFactory(local_government=semarang, network=aspac)
    MembershipFactory(local_government=rosario, network=merco)
    return {
        "aspac": aspac,
        "merco": merco,
        "surabaya": surabaya,
        "semarang": semarang,
        "rosario": rosario,
        "committee": CommitteeFactory(network=aspac, slug="aspac-climate"),
        "member": UserFactory(role=Role.MEMBER, local_government=surabaya),
        "aspac_staff": UserFactory(role=Role.NETWORK_STAFF, network=aspac),
        "merco_staff": UserFactory(role=Role.NETWORK_STAFF, network=merco),
        "admin": UserFactory(role=Role.PLATFORM_ADMIN),
    }


def _update(actor: object, lg: LocalGovernment, **data: object) -> LocalGovernment:
    return services.local_government_update(
        actor=actor, local_government=lg, version=lg.version, data=data
    )


def test_member_edits_own_profile(setting: dict) -> None:
    lg = _update(
        setting["member"], setting["surabaya"], description="Kota Pahlawan", hazards=["flood"]
    )
    assert lg.description == "Kota Pahlawan"
    assert list(lg.hazards.values_list("slug", flat=True)) == ["flood"]
    assert lg.version == 2


@pytest.mark.parametrize("actor_key", ["anonymous", "member", "aspac_staff", "merco_staff"])
def test_others_may_not_edit_a_profile(setting: dict, actor_key: str) -> None:
    actor = AnonymousUser() if actor_key == "anonymous" else setting[actor_key]
    with pytest.raises(PermissionDeniedError):
        _update(actor, setting["semarang"], description="vandalised")
    setting["semarang"].refresh_from_db()
    assert setting["semarang"].description == ""


def test_admin_edits_any_profile(setting: dict) -> None:
    assert _update(setting["admin"], setting["rosario"], coastal=True).coastal is True


def test_stale_editor_gets_a_conflict_and_nothing_is_overwritten(setting: dict) -> None:
    lg = setting["surabaya"]
    stale_version = lg.version
    _update(setting["member"], lg, description="first edit")
    with pytest.raises(ConflictError):
        services.local_government_update(
            actor=setting["admin"],
            local_government=lg,
            version=stale_version,
            data={"description": "second"},
        )
    lg.refresh_from_db()
    assert lg.description == "first edit"


def test_unknown_references_are_refused_and_nothing_changes(setting: dict) -> None:
    lg = setting["surabaya"]
    with pytest.raises(ApplicationError) as caught:
        _update(setting["member"], lg, description="changed", sdg_targets=["11.5", "99.9"])
    assert "99.9" in caught.value.message
    lg.refresh_from_db()
    assert lg.description == "" and lg.version == 1


def test_invalid_values_are_refused(setting: dict) -> None:
    with pytest.raises(ApplicationError) as caught:
        _update(setting["member"], setting["surabaya"], website="not a url")
    assert "website" in caught.value.errors
    with pytest.raises(ApplicationError):
        _update(setting["member"], setting["surabaya"], slug="hijack")


def test_a_sign_up_the_model_refuses_is_refused_field_by_field(setting: dict) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.user_sign_up(
            username="ana", email="not an address", password="x", requested_local_government=None
        )
    assert caught.value.message == "Some fields are not valid."
    assert list(caught.value.errors) == ["email"]


def test_network_staff_manage_their_committees_only(setting: dict) -> None:
    committee = setting["committee"]
    seat = services.committee_member_add(
        actor=setting["aspac_staff"],
        committee=committee,
        local_government=setting["surabaya"],
        role="chair",
    )
    assert seat.role == "chair"
    for actor in (setting["merco_staff"], setting["member"], AnonymousUser()):
        with pytest.raises(PermissionDeniedError):
            services.committee_member_add(
                actor=actor, committee=committee, local_government=setting["semarang"]
            )
        with pytest.raises(PermissionDeniedError):
            services.committee_member_remove(
                actor=actor, committee=committee, local_government=setting["surabaya"]
            )
    services.committee_member_remove(
        actor=setting["admin"], committee=committee, local_government=setting["surabaya"]
    )
    assert not committee.memberships.exists()


def test_committee_seats_need_network_membership(setting: dict) -> None:
    with pytest.raises(ApplicationError, match="not a member"):
        services.committee_member_add(
            actor=setting["aspac_staff"],
            committee=setting["committee"],
            local_government=setting["rosario"],
        )


def test_network_staff_add_members_to_their_own_network(setting: dict) -> None:
    membership = services.membership_create(
        actor=setting["aspac_staff"],
        network=setting["aspac"],
        local_government=setting["rosario"],
        since=2022,
    )
    assert membership.since == 2022
    with pytest.raises(PermissionDeniedError):
        services.membership_create(
            actor=setting["aspac_staff"],
            network=setting["merco"],
            local_government=setting["surabaya"],
        )
    with pytest.raises(ApplicationError, match="already"):
        services.membership_create(
            actor=setting["admin"], network=setting["aspac"], local_government=setting["rosario"]
        )


def test_create_local_government_from_a_city(setting: dict) -> None:
    from ponte.directory.models import City

    city = City.objects.get(name="Palu")
    lg = services.local_government_create(
        actor=setting["aspac_staff"], name="Palu", country="ID", city=city
    )
    assert (lg.population, lg.timezone) == (city.population, "Asia/Makassar")
    assert "|palu|" in lg.search_names
    with pytest.raises(PermissionDeniedError):
        services.local_government_create(actor=setting["member"], name="Nowhere", country="ID")
    with pytest.raises(ApplicationError):
        services.local_government_create(
            actor=setting["admin"], name="Palu", country="BR", city=city, level="city"
        )
