"""Reads for the exchange: who sees which needs and offers, lists with filters, the review
queue and solidarity requests with what is still missing."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ponte.core.exceptions import ApplicationError, NotFoundError
from ponte.directory.models import PonteRegion, Theme
from ponte.exchange.models import (
    Need,
    Offer,
    Pledge,
    PostStatus,
    SolidarityItem,
    SolidarityRequest,
)
from ponte.exchange.permissions import EDIT, VIEW, can_view_post

PUBLIC = (PostStatus.OPEN, PostStatus.CLOSED, PostStatus.EXPIRED)


def visible_posts(model: type[Need] | type[Offer], user: Any) -> QuerySet[Any]:
    """Open, closed and expired posts for everyone; drafts and posts under review only for
    their authors, reviewers from their networks, and admins."""
    return VIEW[model].filter(user)


@dataclass(frozen=True)
class PostFilters:
    status: str = PostStatus.OPEN
    theme: str = ""
    region: str = ""
    language: str = ""
    mine: str = ""


def parse_filters(params: dict[str, Any]) -> PostFilters:
    values = {f.name: str(params.get(f.name) or "").strip() for f in fields(PostFilters)}
    values["status"] = values["status"] or PostStatus.OPEN
    errors = {}
    if values["status"] not in {*PostStatus.values, "all"}:
        errors["status"] = [_("Unknown status %(status)r.") % {"status": values["status"]}]
    if values["region"] and values["region"] not in PonteRegion.values:
        errors["region"] = [_("Unknown region %(region)r.") % {"region": values["region"]}]
    if values["theme"] and not Theme.objects.filter(slug=values["theme"]).exists():
        errors["theme"] = [_("Unknown theme %(theme)r.") % {"theme": values["theme"]}]
    if errors:
        raise ApplicationError(_("Some filters are not valid."), errors=errors)
    return PostFilters(**values)


def post_list(model: type[Need] | type[Offer], user: Any, filters: PostFilters) -> QuerySet[Any]:
    qs = visible_posts(model, user)
    if filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.theme:
        qs = qs.filter(themes=filters.theme)
    if filters.region:
        qs = qs.filter(local_government__country__ponte_region=filters.region)
    if filters.language:
        qs = qs.filter(language_id=filters.language)
    if filters.mine and user.is_authenticated and user.local_government_id:
        qs = qs.filter(local_government_id=user.local_government_id)
    related = ["local_government__country", "language"]
    if model is Offer:
        related.append("network")
    return (
        qs.select_related(*related)
        .prefetch_related("themes")
        .order_by("-opened_at", "-created_at", "-pk")
    )


def post_detail(model: type[Need] | type[Offer], user: Any, pk: int) -> Any:
    related = ["local_government__country", "language"]
    if model is Offer:
        related += ["network", "practice"]
    post = (
        model.objects.select_related(*related)
        .prefetch_related("themes", "sdg_targets", "hazards")
        .filter(pk=pk)
        .first()
    )
    if post is None or not can_view_post(user, post):
        raise NotFoundError(_("This does not exist, or it is not public yet."))
    return post


def review_queue(model: type[Need] | type[Offer], user: Any) -> QuerySet[Any]:
    return (
        visible_posts(model, user)
        .filter(status=PostStatus.SUBMITTED)
        .exclude(local_government_id=getattr(user, "local_government_id", None) or -1)
        .select_related("local_government")
    )


def solidarity_requests(*, status: str = SolidarityRequest.Status.OPEN) -> QuerySet[Any]:
    qs = SolidarityRequest.objects.select_related("local_government__country", "hazard")
    if status != "all":
        qs = qs.filter(status=status)
    return qs.prefetch_related(
        Prefetch("items", queryset=SolidarityItem.objects.prefetch_related("pledges"))
    )


def solidarity_detail(pk: int) -> SolidarityRequest:
    found = (
        SolidarityRequest.objects.select_related(
            "local_government__country", "hazard", "language", "opened_by_network"
        )
        .prefetch_related(
            Prefetch(
                "items",
                queryset=SolidarityItem.objects.prefetch_related(
                    Prefetch("pledges", queryset=Pledge.objects.select_related("local_government"))
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError(_("No such solidarity request."))
    return found


def my_posts(user: Any) -> dict[str, Any]:
    """What this person's side has in the exchange (My Ponte): needs and offers in draft (with
    the reviewer's comment when one came back from review), waiting for review, and open
    needs. An administrator sees only what they wrote themselves."""
    found: dict[str, Any] = {"drafts": [], "submitted": [], "open_needs": []}
    for model in (Need, Offer):
        mine = EDIT[model].filter(user, model.objects.all())
        if getattr(user, "is_platform_admin", False):
            mine = mine.filter(created_by=user)
        found["drafts"] += list(mine.filter(status=PostStatus.DRAFT).order_by("-updated_at")[:50])
        found["submitted"] += list(
            mine.filter(status=PostStatus.SUBMITTED).order_by("-updated_at")[:50]
        )
        if model is Need:
            found["open_needs"] = list(
                mine.filter(status=PostStatus.OPEN).order_by("-opened_at", "-pk")[:20]
            )
    return found


def needs_posted(local_government_id: int) -> int:
    """Needs a local government ever posted (the first-steps checklist of My Ponte)."""
    return Need.objects.filter(local_government_id=local_government_id).count()


def active_pledges(local_government_id: int) -> dict[str, list[Pledge]]:
    """Pledges still under way that a local government made, and those made to its
    requests."""
    active = Pledge.objects.filter(
        status__in=(Pledge.Status.PLEDGED, Pledge.Status.SHIPPED)
    ).select_related("item__request__local_government", "local_government")
    return {
        "made": list(active.filter(local_government_id=local_government_id)[:50]),
        "received": list(
            active.filter(item__request__local_government_id=local_government_id)[:50]
        ),
    }
