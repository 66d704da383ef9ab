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
from ponte.exchange.permissions import VIEW, can_view_post

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
        SolidarityRequest.objects.select_related("local_government__country", "hazard", "language")
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
