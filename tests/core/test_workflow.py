"""The review machine written once (core/workflow.py), checked on unsaved records: who may
take a move, from which statuses, what it leads to, and the reasons given when refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.workflow import ReviewStatuses, Transition, review_workflow
from ponte.knowledge.models import Item, Status

EDITOR, REVIEWER, STRANGER = "editor", "reviewer", "stranger"


def _editors(actor: Any, item: Item) -> bool:
    return bool(actor == EDITOR)


def _reviewers(actor: Any, item: Item) -> bool:
    return bool(actor == REVIEWER)


WORKFLOW = review_workflow(
    ReviewStatuses(Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED, Status.ARCHIVED),
    editors=_editors,
    reviewers=_reviewers,
)


def _item(status: str) -> Item:
    return Item(status=status)


def test_a_record_goes_draft_submitted_published_archived_and_back_to_draft() -> None:
    item = _item(Status.DRAFT)
    for actor, action, status in [
        (EDITOR, "submit", Status.SUBMITTED),
        (REVIEWER, "publish", Status.PUBLISHED),
        (REVIEWER, "archive", Status.ARCHIVED),
        (EDITOR, "restore", Status.DRAFT),
        (EDITOR, "submit", Status.SUBMITTED),
    ]:
        WORKFLOW.take(actor, item, action)
        assert item.status == status
    WORKFLOW.take(REVIEWER, item, "return", comment="Add the costs.")
    assert item.status == Status.DRAFT


def test_only_the_rule_of_a_move_lets_someone_take_it() -> None:
    item = _item(Status.SUBMITTED)
    with pytest.raises(PermissionDeniedError, match="Only a reviewer .* may publish this"):
        WORKFLOW.take(EDITOR, item, "publish")
    assert item.status == Status.SUBMITTED
    assert [t.name for t in WORKFLOW.allowed(REVIEWER, item)] == ["publish", "return"]
    assert WORKFLOW.allowed(EDITOR, item) == []
    assert WORKFLOW.allowed(STRANGER, _item(Status.PUBLISHED)) == []
    assert [t.name for t in WORKFLOW.allowed(EDITOR, _item(Status.PUBLISHED))] == ["archive"]


def test_a_move_from_the_wrong_status_says_what_the_record_must_be() -> None:
    with pytest.raises(ApplicationError) as caught:
        WORKFLOW.take(REVIEWER, _item(Status.DRAFT), "publish")
    assert caught.value.message == (
        "“Publish” is not possible: this is draft; it must be submitted for review first."
    )


def test_returning_needs_a_comment_and_unknown_actions_are_refused() -> None:
    item = _item(Status.SUBMITTED)
    with pytest.raises(ApplicationError) as caught:
        WORKFLOW.take(REVIEWER, item, "return", comment="   ")
    assert caught.value.errors == {"comment": ["A comment is required."]}
    assert item.status == Status.SUBMITTED
    with pytest.raises(ApplicationError, match="Unknown action “teleport”"):
        WORKFLOW.take(REVIEWER, item, "teleport")


def test_reasons_are_in_the_readers_language() -> None:
    with translation.override("es"), pytest.raises(ApplicationError) as caught:
        WORKFLOW.take(REVIEWER, _item(Status.DRAFT), "publish")
    assert caught.value.message.startswith("«Publicar» no es posible")
    with translation.override("pt"), pytest.raises(PermissionDeniedError) as refused:
        WORKFLOW.take(STRANGER, _item(Status.DRAFT), "submit")
    assert "revisão" in refused.value.message


def test_an_app_renames_reroutes_drops_and_adds_moves() -> None:
    extra: Transition[Item] = Transition(
        "feature",
        frozenset({Status.PUBLISHED}),
        Status.PUBLISHED,
        _reviewers,
        label="Feature",
        done="Featured.",
        refused="Only reviewers feature.",
    )
    changed = (
        WORKFLOW.change("publish", name="approve")
        .change("archive", sources={Status.PUBLISHED, Status.SUBMITTED})
        .without("restore")
        .extend(extra)
    )
    assert [t.name for t in changed] == ["submit", "approve", "return", "archive", "feature"]
    item = _item(Status.SUBMITTED)
    changed.take(EDITOR, item, "archive")
    assert item.status == Status.ARCHIVED
    with pytest.raises(ApplicationError, match="Unknown action"):
        changed.take(EDITOR, item, "restore")
    with pytest.raises(KeyError):
        WORKFLOW.without("teleport")
