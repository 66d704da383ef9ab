"""Writes to the directory. Each function checks permissions, validates, then writes in one
transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.accounts.models import Role, User
from ponte.accounts.permissions import Actor, is_admin, require, signed_in_person, staff_of
from ponte.core.exceptions import ApplicationError, ConflictError
from ponte.core.text import names_key
from ponte.core.validation import validate
from ponte.directory import signals
from ponte.directory.models import (
    City,
    Committee,
    CommitteeMembership,
    FocalPoint,
    Hazard,
    Language,
    LocalGovernment,
    Membership,
    Network,
    SdgTarget,
    Theme,
)
from ponte.directory.permissions import (
    can_edit_local_government,
    can_manage_committee,
    can_manage_network,
    can_moderate_for,
)

EDITABLE_PROFILE_FIELDS = (
    "official_name",
    "description",
    "website",
    "population",
    "coastal",
    "timezone",
)


def refresh_search_names(local_government: LocalGovernment) -> None:
    names = [local_government.name, local_government.official_name]
    if local_government.city_id:
        city = local_government.city
        assert city is not None
        names += [city.name, *city.alternate_names]
    local_government.search_names = names_key(names)


def _unique_slug(name: str, country: str) -> str:
    base = slugify(f"{name}-{country}")[:100] or "local-government"
    slug, n = base, 2
    while LocalGovernment.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _resolve(model: Any, field: str, values: Iterable[str], label: str) -> list[Any]:
    wanted = list(dict.fromkeys(values))
    found = {getattr(obj, field): obj for obj in model.objects.filter(**{f"{field}__in": wanted})}
    missing = [value for value in wanted if value not in found]
    if missing:
        raise ApplicationError(
            _("Unknown %(label)s: %(value)s.") % {"label": label, "value": ", ".join(missing)},
            errors={label: [_("Unknown: %(value)s") % {"value": ", ".join(missing)}]},
        )
    return [found[value] for value in wanted]


@transaction.atomic
def local_government_create(
    *,
    actor: Actor,
    name: str,
    country: str,
    level: str = LocalGovernment.Level.CITY,
    city: City | None = None,
    official_name: str = "",
    is_demo: bool = False,
) -> LocalGovernment:
    """Add a local government, seeded from a GeoNames city when one is given."""
    require(
        is_admin(actor) or staff_of(actor) is not None,
        gettext("Only network staff and platform administrators add local governments."),
    )
    lg = LocalGovernment(
        slug=_unique_slug(name, country),
        name=name,
        official_name=official_name,
        level=level,
        country_id=country,
        city=city,
        is_demo=is_demo,
    )
    if city is not None:
        lg.population = city.population
        lg.latitude, lg.longitude = city.latitude, city.longitude
        lg.timezone = city.timezone
    refresh_search_names(lg)
    validate(lg)
    lg.save()
    return lg


@transaction.atomic
def local_government_update(
    *,
    actor: Actor,
    local_government: LocalGovernment,
    version: int,
    data: dict[str, Any],
) -> LocalGovernment:
    """Update a profile. `version` is what the editor loaded; a stale one is refused."""
    require(
        can_edit_local_government(actor, local_government),
        gettext("You may only edit the profile of your own local government."),
    )
    unknown = (
        set(data) - set(EDITABLE_PROFILE_FIELDS) - {"languages", "hazards", "themes", "sdg_targets"}
    )
    if unknown:
        raise ApplicationError(
            _("These fields cannot be edited: %(value)s.") % {"value": ", ".join(sorted(unknown))}
        )
    lg = LocalGovernment.objects.select_for_update().get(pk=local_government.pk)
    if lg.version != version:
        raise ConflictError(
            _(
                "Someone else saved this profile after you opened it. Reload to see their changes, "
                "then apply yours again."
            )
        )
    for field in EDITABLE_PROFILE_FIELDS:
        if field in data:
            setattr(lg, field, data[field])
    relations = {
        "languages": (Language, "code", "languages"),
        "hazards": (Hazard, "slug", "hazards"),
        "themes": (Theme, "slug", "themes"),
        "sdg_targets": (SdgTarget, "code", "SDG targets"),
    }
    resolved = {
        name: _resolve(model, field, data[name], label)
        for name, (model, field, label) in relations.items()
        if name in data
    }
    validate(lg)
    lg.version = F("version") + 1
    lg.save()
    for name, objects in resolved.items():
        getattr(lg, name).set(objects)
    lg.refresh_from_db()
    return lg


@transaction.atomic
def focal_point_create(
    *,
    actor: Actor,
    local_government: LocalGovernment,
    name: str,
    email: str,
    role: str = "",
    phone: str = "",
) -> FocalPoint:
    require(
        can_edit_local_government(actor, local_government),
        gettext("You may only change the contacts of your own local government."),
    )
    focal_point = FocalPoint(
        local_government=local_government, name=name, email=email, role=role, phone=phone
    )
    validate(focal_point)
    focal_point.save()
    return focal_point


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    network: Network,
    local_government: LocalGovernment,
    since: int | None = None,
    role: str = Membership.Role.MEMBER,
) -> Membership:
    require(
        can_manage_network(actor, network), gettext("Only this network's staff manage its members.")
    )
    if Membership.objects.filter(network=network, local_government=local_government).exists():
        raise ApplicationError(
            gettext("%(place)s is already a member of %(network)s.")
            % {"place": local_government.name, "network": network}
        )
    if role not in Membership.Role.values:
        raise ApplicationError(
            gettext("Unknown role."), errors={"role": [gettext("Choose a role from the list.")]}
        )
    membership = Membership(
        network=network, local_government=local_government, since=since, role=role
    )
    validate(membership)
    membership.save()
    _tell(local_government, network, "added", membership.role)
    return membership


def _tell(local_government: LocalGovernment, network: Network, change: str, role: str) -> None:
    """Once the change is saved, its focal points are told (community listens)."""
    transaction.on_commit(
        lambda: signals.membership_changed.send(
            sender=Membership,
            local_government=local_government,
            network=network,
            change=change,
            role=role,
        )
    )


@transaction.atomic
def membership_set_role(
    *, actor: Actor, network: Network, local_government: LocalGovernment, role: str
) -> Membership:
    """Change the role of a member local government (president, treasurer…)."""
    require(
        can_manage_network(actor, network), gettext("Only this network's staff manage its members.")
    )
    membership = (
        Membership.objects.select_for_update()
        .filter(network=network, local_government=local_government)
        .first()
    )
    if membership is None:
        raise ApplicationError(
            gettext("%(place)s is not a member of %(network)s.")
            % {"place": local_government.name, "network": network}
        )
    if role not in Membership.Role.values:
        raise ApplicationError(
            gettext("Unknown role."), errors={"role": [gettext("Choose a role from the list.")]}
        )
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        _tell(local_government, network, "role", membership.role)
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, network: Network, local_government: LocalGovernment) -> None:
    """End a local government's membership; it leaves the network's committees too (a
    committee seat needs the membership)."""
    require(
        can_manage_network(actor, network), gettext("Only this network's staff manage its members.")
    )
    deleted, _ = Membership.objects.filter(
        network=network, local_government=local_government
    ).delete()
    if not deleted:
        raise ApplicationError(
            gettext("%(place)s is not a member of %(network)s.")
            % {"place": local_government.name, "network": network}
        )
    CommitteeMembership.objects.filter(
        committee__network=network, local_government=local_government
    ).delete()
    _tell(local_government, network, "removed", "")


@transaction.atomic
def committee_update(
    *, actor: Actor, committee: Committee, name: str, description: str
) -> Committee:
    require(
        can_manage_committee(actor, committee),
        gettext("Only this network's staff manage its committees."),
    )
    committee.name = name
    committee.description = description
    validate(committee)
    committee.save()
    return committee


@transaction.atomic
def committee_member_add(
    *,
    actor: Actor,
    committee: Committee,
    local_government: LocalGovernment,
    role: str = CommitteeMembership.Role.MEMBER,
) -> CommitteeMembership:
    require(
        can_manage_committee(actor, committee),
        gettext("Only this network's staff manage its committees."),
    )
    if not Membership.objects.filter(
        network=committee.network, local_government=local_government
    ).exists():
        raise ApplicationError(
            gettext(
                "%(place)s is not a member of %(network)s, so it cannot sit on one of its "
                "committees."
            )
            % {"place": local_government.name, "network": committee.network}
        )
    if CommitteeMembership.objects.filter(
        committee=committee, local_government=local_government
    ).exists():
        raise ApplicationError(
            gettext("%(place)s already sits on this committee.") % {"place": local_government.name}
        )
    if role not in CommitteeMembership.Role.values:
        raise ApplicationError(
            gettext("Unknown role."), errors={"role": [gettext("Choose a role from the list.")]}
        )
    return CommitteeMembership.objects.create(
        committee=committee, local_government=local_government, role=role
    )


@transaction.atomic
def committee_member_remove(
    *, actor: Actor, committee: Committee, local_government: LocalGovernment
) -> None:
    require(
        can_manage_committee(actor, committee),
        gettext("Only this network's staff manage its committees."),
    )
    deleted, _counts = CommitteeMembership.objects.filter(
        committee=committee, local_government=local_government
    ).delete()
    if not deleted:
        raise ApplicationError(
            gettext("%(place)s does not sit on this committee.") % {"place": local_government.name}
        )


@transaction.atomic
def committee_member_set_role(
    *, actor: Actor, committee: Committee, local_government: LocalGovernment, role: str
) -> CommitteeMembership:
    """Make a committee member its chair, vice-chair or a plain member."""
    require(
        can_manage_committee(actor, committee),
        gettext("Only this network's staff manage its committees."),
    )
    if role not in CommitteeMembership.Role.values:
        raise ApplicationError(
            gettext("Unknown role."), errors={"role": [gettext("Choose a role from the list.")]}
        )
    seat = (
        CommitteeMembership.objects.select_for_update()
        .filter(committee=committee, local_government=local_government)
        .first()
    )
    if seat is None:
        raise ApplicationError(
            gettext("%(place)s does not sit on this committee.") % {"place": local_government.name}
        )
    seat.role = role
    seat.save(update_fields=["role"])
    return seat


# Focal points: signing up asks to join a local government; network staff confirm it.


@transaction.atomic
def user_sign_up(
    *, username: str, email: str, password: str, requested_local_government: LocalGovernment | None
) -> User:
    """Create a member account. The affiliation is only requested: staff confirm it,
    so nobody can edit a city's profile by claiming to work there."""
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("That username is taken."), errors={"username": [_("That username is taken.")]}
        )
    user = User(username=username, email=email, role=Role.MEMBER)
    user.requested_local_government = requested_local_government
    user.set_password(password)
    validate(user, exclude=["password"])
    user.save()
    if requested_local_government is not None:
        transaction.on_commit(
            lambda: signals.affiliation_requested.send(
                sender=User, user=user, local_government=requested_local_government
            )
        )
    return user


@transaction.atomic
def affiliation_request(*, actor: Actor, local_government: LocalGovernment) -> User:
    """Ask (again) to be a focal point of a local government; its networks' staff are told."""
    user = signed_in_person(actor)
    if user.local_government_id == local_government.pk:
        raise ApplicationError(
            gettext("You are already a focal point of %(place)s.")
            % {"place": local_government.name}
        )
    user.requested_local_government = local_government
    user.save(update_fields=["requested_local_government"])
    transaction.on_commit(
        lambda: signals.affiliation_requested.send(
            sender=User, user=user, local_government=local_government
        )
    )
    return user


def _check_may_decide(actor: Actor, user: User) -> LocalGovernment:
    lg = user.requested_local_government
    if lg is None:
        raise ApplicationError(
            gettext("%(user)s has not asked to join a local government.") % {"user": user.username}
        )
    require(
        can_moderate_for(actor, lg),
        gettext(
            "Only staff of a network this local government belongs to may confirm its focal points."
        ),
    )
    return lg


@transaction.atomic
def affiliation_approve(*, actor: Actor, user: User) -> User:
    lg = _check_may_decide(actor, user)
    user.local_government = lg
    user.requested_local_government = None
    user.save(update_fields=["local_government", "requested_local_government"])
    transaction.on_commit(
        lambda: signals.affiliation_decided.send(
            sender=User, user=user, local_government=lg, approved=True, reason="", actor=actor
        )
    )
    return user


@transaction.atomic
def affiliation_reject(*, actor: Actor, user: User, reason: str) -> User:
    """Refuse a request to be a focal point, saying why (the person is told)."""
    lg = _check_may_decide(actor, user)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            gettext("Say why, so the person knows what to do."),
            errors={"reason": [gettext("A reason is required.")]},
        )
    user.requested_local_government = None
    user.save(update_fields=["requested_local_government"])
    transaction.on_commit(
        lambda: signals.affiliation_decided.send(
            sender=User,
            user=user,
            local_government=lg,
            approved=False,
            reason=reason[:1000],
            actor=actor,
        )
    )
    return user
