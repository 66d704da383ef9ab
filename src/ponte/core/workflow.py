"""Moving a record through its statuses: the machine written once.

A `Workflow` is a list of `Transition`s, each a named move from some statuses to one, with
the rule saying who may take it. Apps build theirs from `review_workflow` (the library: draft
→ submitted → published / returned → archived, restored to draft) and rename or add moves
(the exchange approves and closes instead of publishing and archiving, renews and expires).

The rules come from each app's `permissions.py`; this module knows no app and no role, only
that a move is allowed when its rule says so for this actor and this record. Taking a move
sets the status; what else a move changes (a publication date, a revision, an expiry) the
app's service writes around it, inside the same transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import Model
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ponte.core.exceptions import ApplicationError, PermissionDeniedError

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

M = TypeVar("M", bound=Model)

# May this actor take the move on this record? An app's permission rule (`Rule` objects of
# `accounts.permissions` are such callables) or any function of the same shape.
Who = Callable[[Any, M], bool]


@dataclass(frozen=True)
class Transition(Generic[M]):
    """One move: from any of `sources` to `target`, by whoever `who` allows.

    `label` names the move on its button, `done` tells the person who took it what happened,
    `refused` tells someone `who` does not allow why not. A `review` move is a reviewer's
    decision on a submission: it carries the reviewer's comment (required when
    `comment_required`) and sends the reviewer back to the review queue."""

    name: str
    sources: frozenset[Any]
    target: Any
    who: Who[M]
    label: _StrOrPromise
    done: _StrOrPromise
    refused: _StrOrPromise
    review: bool = False
    comment_required: bool = False


class Workflow(Generic[M]):
    """The moves of one kind of record, kept on its `field` (default `status`)."""

    def __init__(self, transitions: Iterable[Transition[M]], *, field: str = "status") -> None:
        self.transitions: dict[str, Transition[M]] = {t.name: t for t in transitions}
        self.field = field

    def __getitem__(self, name: str) -> Transition[M]:
        try:
            return self.transitions[name]
        except KeyError:
            raise ApplicationError(
                gettext("Unknown action “%(action)s”.") % {"action": name}
            ) from None

    def __iter__(self) -> Any:
        return iter(self.transitions.values())

    # Building one workflow from another ------------------------------------------------------

    def change(self, move: str, /, **fields: Any) -> Workflow[M]:
        """The same workflow with one move changed (renamed, other sources, other words)."""
        if "sources" in fields:
            fields["sources"] = frozenset(fields["sources"])
        changed = dataclasses.replace(self.transitions[move], **fields)
        return Workflow(
            (changed if t.name == move else t for t in self.transitions.values()),
            field=self.field,
        )

    def without(self, *names: str) -> Workflow[M]:
        unknown = set(names) - set(self.transitions)
        if unknown:  # a mistake in the app's workflow, not a no-op
            raise KeyError(", ".join(sorted(unknown)))
        return Workflow(
            (t for t in self.transitions.values() if t.name not in names), field=self.field
        )

    def extend(self, *transitions: Transition[M]) -> Workflow[M]:
        return Workflow([*self.transitions.values(), *transitions], field=self.field)

    # Asking and moving ------------------------------------------------------------------------

    def status(self, obj: M) -> Any:
        return getattr(obj, self.field)

    def moves_from(self, obj: M) -> list[Transition[M]]:
        """The moves the record's status allows, whoever asks."""
        status = self.status(obj)
        return [t for t in self.transitions.values() if status in t.sources]

    def allowed(self, actor: Any, obj: M) -> list[Transition[M]]:
        """The moves this actor may take on the record now (the buttons to show)."""
        return [t for t in self.moves_from(obj) if t.who(actor, obj)]

    def check(self, actor: Any, obj: M, name: str, *, comment: str = "") -> Transition[M]:
        """The move, if the actor may take it now; refuse with the reason otherwise."""
        move = self[name]
        if not move.who(actor, obj):
            raise PermissionDeniedError(str(move.refused))
        status = self.status(obj)
        if status not in move.sources:
            labels = self._labels(obj)
            allowed = [labels.get(s, str(s)).lower() for s in self._ordered(obj, move.sources)]
            raise ApplicationError(
                gettext(
                    "“%(action)s” is not possible: this is %(current)s; "
                    "it must be %(allowed)s first."
                )
                % {
                    "action": move.label,
                    "current": labels.get(status, str(status)).lower(),
                    "allowed": get_text_list(allowed),
                }
            )
        if move.comment_required and not comment.strip():
            raise ApplicationError(
                gettext("Say what needs to change."),
                errors={"comment": [gettext("A comment is required.")]},
            )
        return move

    def take(self, actor: Any, obj: M, name: str, *, comment: str = "") -> Transition[M]:
        """Check the move and set the record's new status (the caller saves it)."""
        move = self.check(actor, obj, name, comment=comment)
        setattr(obj, self.field, move.target)
        return move

    def _labels(self, obj: M) -> dict[Any, str]:
        field = obj._meta.get_field(self.field)
        return {value: str(label) for value, label in getattr(field, "flatchoices", [])}

    def _ordered(self, obj: M, statuses: frozenset[Any]) -> list[Any]:
        """Statuses in the order the model lists them, so messages read the same every time."""
        order = list(self._labels(obj))
        return sorted(statuses, key=lambda s: order.index(s) if s in order else len(order))


@dataclass(frozen=True)
class ReviewStatuses:
    """The four statuses of a reviewed record, whatever the app calls them."""

    draft: Any
    submitted: Any
    published: Any
    archived: Any


def either(first: Who[M], second: Who[M]) -> Who[M]:
    return lambda actor, obj: first(actor, obj) or second(actor, obj)


def review_workflow(statuses: ReviewStatuses, *, editors: Who[M], reviewers: Who[M]) -> Workflow[M]:
    """Draft → submitted → published → archived; a reviewer returns a submission to its
    authors with a comment; an archived record is restored as a draft. Editors write and
    submit, reviewers publish or return, either archives and restores."""
    s = statuses
    anyone_responsible = either(editors, reviewers)
    return Workflow(
        [
            Transition(
                "submit",
                frozenset({s.draft}),
                s.submitted,
                editors,
                label=_("Submit for review"),
                done=_("Submitted for review."),
                refused=_("Only those who may edit this may submit it for review."),
            ),
            Transition(
                "publish",
                frozenset({s.submitted}),
                s.published,
                reviewers,
                label=_("Publish"),
                done=_("Published."),
                refused=_("Only a reviewer from the owner's networks may publish this."),
                review=True,
            ),
            Transition(
                "return",
                frozenset({s.submitted}),
                s.draft,
                reviewers,
                label=_("Return to authors"),
                done=_("Returned to the authors."),
                refused=_("Only a reviewer from the owner's networks may return this."),
                review=True,
                comment_required=True,
            ),
            Transition(
                "archive",
                frozenset({s.published}),
                s.archived,
                anyone_responsible,
                label=_("Archive"),
                done=_("Archived."),
                refused=_("Only those who may edit or review this may archive it."),
            ),
            Transition(
                "restore",
                frozenset({s.archived}),
                s.draft,
                anyone_responsible,
                label=_("Restore as draft"),
                done=_("Restored as a draft."),
                refused=_("Only those who may edit or review this may restore it."),
            ),
        ]
    )
