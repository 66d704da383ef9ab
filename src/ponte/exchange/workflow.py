"""The review workflow of needs and offers: the one of `core.workflow`, where publishing is
approving (the post opens) and archiving is closing, with the exchange's own moves: renewing
an open or expired post, and expiry, which only Ponte itself does (`services.expire_posts`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ponte.core.workflow import ReviewStatuses, Transition, Workflow, review_workflow
from ponte.exchange.models import Need, Offer, PostStatus
from ponte.exchange.permissions import can_edit_post, can_review_post, only_ponte

OPEN_OR_EXPIRED = frozenset({PostStatus.OPEN, PostStatus.EXPIRED})

WORKFLOW: Workflow[Need | Offer] = (
    review_workflow(
        ReviewStatuses(
            draft=PostStatus.DRAFT,
            submitted=PostStatus.SUBMITTED,
            published=PostStatus.OPEN,
            archived=PostStatus.CLOSED,
        ),
        editors=can_edit_post,
        reviewers=can_review_post,
    )
    .change(
        "publish",
        name="approve",
        label=_("Approve and open"),
        done=_("Approved: it is open now."),
        refused=_("Only a reviewer from the owner's networks may approve this."),
    )
    .change(
        "archive",
        name="close",
        sources=OPEN_OR_EXPIRED,
        label=_("Close"),
        done=_("Closed."),
        refused=_("Only those who may edit or review this may close it."),
    )
    # A closed post stays closed: a new need is posted anew.
    .without("restore")
    .extend(
        Transition(
            "renew",
            OPEN_OR_EXPIRED,
            PostStatus.OPEN,
            can_edit_post,
            label=_("Renew"),
            done=_("Renewed: it stays open longer."),
            refused=_("Only those who may edit this may renew it."),
        ),
        Transition(
            "expire",
            frozenset({PostStatus.OPEN}),
            PostStatus.EXPIRED,
            only_ponte,
            label=_("Expire"),
            done=_("Expired."),
            refused=_("Needs and offers expire on their own; nobody expires them by hand."),
        ),
    )
)
