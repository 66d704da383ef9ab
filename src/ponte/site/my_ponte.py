"""My Ponte: where a person lands after signing in. It reads from every app through each
app's own selectors (site is the top layer) and only arranges what they return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ponte.accounts.permissions import is_admin, member_of, staff_of
from ponte.community import selectors as community
from ponte.directory import selectors as directory
from ponte.exchange import selectors as exchange
from ponte.exchange.models import Need, Offer
from ponte.knowledge import selectors as knowledge
from ponte.matching import selectors as matching


@dataclass(frozen=True)
class Draft:
    kind: str
    title: str
    url: str
    returned_comment: str | None


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    url: str
    detail: str = ""


def _drafts(work: dict[str, Any], posts: dict[str, Any]) -> list[Draft]:
    drafts = [
        Draft(
            str(item.get_type_display()),
            item.title,
            reverse("knowledge:detail", args=[item.slug]),
            item.returned_comment,
        )
        for item in work["drafts"]
    ]
    for post in posts["drafts"]:
        kind = "need" if isinstance(post, Need) else "offer"
        drafts.append(
            Draft(
                _("Need") if kind == "need" else _("Offer"),
                post.title,
                reverse(f"exchange:{kind}", args=[post.pk]),
                post.review_comment or None,
            )
        )
    # What came back from review first: it waits for the person.
    return sorted(drafts, key=lambda d: d.returned_comment is None)


def _checklist(local_government: Any) -> list[Step]:
    missing = directory.profile_missing(local_government)
    return [
        Step(
            _("Complete your local government's profile"),
            not missing,
            reverse("directory:profile-edit", args=[local_government.slug]),
            _("Still missing: %(fields)s.") % {"fields": ", ".join(missing)} if missing else "",
        ),
        Step(
            _("Publish a first practice"),
            knowledge.published_count(local_government.pk) > 0,
            reverse("knowledge:create"),
        ),
        Step(
            _("Post a need"),
            exchange.needs_posted(local_government.pk) > 0,
            reverse("exchange:need-create"),
        ),
    ]


def my_ponte(user: Any) -> dict[str, Any]:
    lg_id = member_of(user)
    local_government = user.local_government if lg_id else None
    work = knowledge.my_work(user)
    posts = exchange.my_posts(user)
    inbox = community.inbox(user)
    context: dict[str, Any] = {
        "local_government": local_government,
        "pending_affiliation": (
            user.requested_local_government if user.requested_local_government_id else None
        ),
        "drafts": _drafts(work, posts),
        "submitted": [*work["submitted"], *posts["submitted"]],
        "needs": [(need, matching.new_match_count(need)) for need in posts["open_needs"][:5]],
        "interests": matching.interest_counts(user),
        "conversations": inbox[:5],
        "conversation_count": len(inbox),
        "unread_messages": sum(row.unread for row in inbox),
        "pledges": exchange.active_pledges(lg_id) if lg_id else None,
        "notifications": list(community.notifications(user).filter(read_at__isnull=True)[:5]),
        "checklist": [],
        "queues": None,
    }
    if local_government is not None:
        steps = _checklist(local_government)
        if not all(step.done for step in steps):
            context["checklist"] = steps
    if staff_of(user) or is_admin(user):
        context["queues"] = {
            "library": knowledge.review_queue(user).count(),
            "exchange": sum(exchange.review_queue(model, user).count() for model in (Need, Offer)),
            "affiliations": directory.affiliation_requests(user).count(),
        }
    return context
