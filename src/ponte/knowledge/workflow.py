"""The library's review workflow: the one of `core.workflow`, with the library's statuses and
its rules (editors submit, reviewers publish or return, either archives and restores)."""

from __future__ import annotations

from ponte.core.workflow import ReviewStatuses, Workflow, review_workflow
from ponte.knowledge.models import Item, Status
from ponte.knowledge.permissions import can_edit_item, can_review_item

WORKFLOW: Workflow[Item] = review_workflow(
    ReviewStatuses(
        draft=Status.DRAFT,
        submitted=Status.SUBMITTED,
        published=Status.PUBLISHED,
        archived=Status.ARCHIVED,
    ),
    editors=can_edit_item,
    reviewers=can_review_item,
)
