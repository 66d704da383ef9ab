"""Ponte's one permission model: who may see and do what.

Each rule is written once, as a query filter over the rows a person may act on, and serves
both forms a rule is needed in:

- lists: `rule.filter(actor, queryset)` keeps only the rows the actor may see or change;
- checks: `rule(actor, obj)` is true when the object is among those rows.

A check therefore asks the database about the object as it is stored (one `EXISTS` query),
and can never disagree with the list. Rules refuse by default: an anonymous visitor gets
nothing unless the rule says what visitors may see, and a signed-in person gets only what
the rule's filter grants. Platform administrators and the system actor (tasks, imports,
demo content) pass every rule.

Each app keeps its rules in its own `permissions.py`; this module holds only the machinery
and the questions about a person's role that every app asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext

from ponte.accounts.models import ApiToken, Role, User
from ponte.core.exceptions import PermissionDeniedError

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class SystemActor:
    """Ponte itself acting: a background task, an import, demo content. Named, so that what
    it did can be told apart in logs and revisions."""

    name: str

    is_authenticated = True
    is_platform_admin = True
    is_network_staff = False
    role = Role.PLATFORM_ADMIN
    pk = None
    local_government_id = None
    network_id = None


SYSTEM = SystemActor("system")
# Who may act: a person (signed in or not), or Ponte itself. Never None.
Actor: TypeAlias = User | AnonymousUser | SystemActor

NOTHING = Q(pk__in=[])


def is_admin(actor: Any) -> bool:
    """A platform administrator, or Ponte itself."""
    if isinstance(actor, SystemActor):
        return True
    return bool(actor.is_authenticated and actor.is_platform_admin)


def member_of(actor: Any) -> int | None:
    """The local government this person is a confirmed focal point of, if any."""
    if not actor.is_authenticated or isinstance(actor, SystemActor):
        return None
    if actor.role != Role.MEMBER:
        return None
    return actor.local_government_id  # type: ignore[no-any-return]


def staff_of(actor: Any) -> int | None:
    """The network this person works for as staff, if any."""
    if not actor.is_authenticated or isinstance(actor, SystemActor):
        return None
    return actor.network_id if actor.is_network_staff else None


class Rule(Generic[M]):
    """A permission over one model: `grant(user) -> Q` says which rows a signed-in person
    may act on, `public` which rows anyone (a visitor too) may."""

    def __init__(
        self,
        model: type[M],
        name: str,
        grant: Callable[[User], Q] | None = None,
        *,
        public: Q | None = None,
    ) -> None:
        self.model = model
        self.name = name
        self._grants: list[Callable[[User], Q]] = [grant] if grant else []
        self._public = public

    def __repr__(self) -> str:
        return f"<Rule {self.name}>"

    def __or__(self, other: Rule[M]) -> Rule[M]:
        """A rule granting what either grants."""
        combined: Rule[M] = Rule(self.model, f"{self.name}|{other.name}")
        combined._grants = [*self._grants, *other._grants]
        if self._public is None or other._public is None:
            combined._public = self._public if other._public is None else other._public
        else:
            combined._public = self._public | other._public
        return combined

    def q(self, actor: Any) -> Q | None:
        """The filter for this actor; None means every row."""
        if is_admin(actor):
            return None
        where = self._public if self._public is not None else NOTHING
        if actor.is_authenticated:
            for grant in self._grants:
                where = where | grant(actor)
        return where

    def filter(self, actor: Any, queryset: QuerySet[M] | None = None) -> QuerySet[M]:
        """The rows of `queryset` (default: all) that the actor may act on."""
        rows = queryset if queryset is not None else self.model._default_manager.all()
        where = self.q(actor)
        if where is None:
            return rows
        # A filter across a many-to-many relation repeats rows; the subquery keeps each once.
        allowed = self.model._default_manager.filter(where).values("pk")
        return rows.filter(pk__in=allowed)

    def __call__(self, actor: Any, obj: M) -> bool:
        """May the actor act on this stored object?"""
        where = self.q(actor)
        if where is None:
            return True
        if where == NOTHING or obj.pk is None:
            return False
        return self.model._default_manager.filter(where, pk=obj.pk).exists()

    def require(self, actor: Any, obj: M, message: _StrOrPromise) -> None:
        require(self(actor, obj), message)


def require(allowed: bool, message: _StrOrPromise) -> None:
    """Refuse with a message the reader can act on (translated by the caller)."""
    if not allowed:
        raise PermissionDeniedError(str(message))


def person(actor: Actor) -> User | None:
    """The person behind an action, to record as its author; None when Ponte itself acts."""
    return actor if isinstance(actor, User) else None


def signed_in_person(actor: Actor) -> User:
    """The person behind an action that only a signed-in person can take."""
    if not isinstance(actor, User):
        raise PermissionDeniedError(gettext("Sign in to do this."))
    return actor


def affiliation_needed(actor: Any, *, staff_may: bool = True) -> bool:
    """A signed-in person who acts for no one yet (their request to be a focal point may be
    waiting for confirmation): forms that act in a local government's name tell them so
    before they fill anything in. Network staff act for their network where `staff_may`."""
    if not actor.is_authenticated or is_admin(actor):
        return False
    if staff_may and staff_of(actor):
        return False
    return member_of(actor) is None


def _token_owner(user: User) -> Q:
    return Q(user=user)


# A person manages their own API tokens (administrators may revoke anyone's).
manage_token: Rule[ApiToken] = Rule(ApiToken, "accounts.manage_token", _token_owner)
