"""The review pages every reviewed app shares: the queue, the buttons for the moves a person
may take on a record, the return-with-comment form, and the view that takes a move.

Each app passes its own `Workflow` (`core.workflow`), its service and its URLs; nothing here
knows an app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ponte.core.exceptions import ApplicationError
from ponte.core.views import error_page
from ponte.core.workflow import Transition, Workflow

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class ReviewForm(forms.Form):
    """A reviewer's comment to the authors: optional when publishing, required when returning
    (the workflow says which)."""

    comment = forms.CharField(
        label=_("Comment to the authors"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "review-%s")
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class Move:
    transition: Transition[Any]
    url: str


@dataclass(frozen=True)
class Moves:
    """What a person may do to a record now: plain moves (one button each) and the review
    decisions (one form with the comment, a button per decision)."""

    plain: list[Move] = field(default_factory=list)
    review: list[Move] = field(default_factory=list)
    form: ReviewForm = field(default_factory=ReviewForm)


def moves_for(workflow: Workflow[Any], actor: Any, obj: Any, *, url: Callable[[str], str]) -> Moves:
    """The moves the actor may take on `obj`, each with the URL it posts to."""
    allowed = [Move(t, url(t.name)) for t in workflow.allowed(actor, obj)]
    return Moves(
        plain=[m for m in allowed if not m.transition.review],
        review=[m for m in allowed if m.transition.review],
    )


def take_move(
    request: HttpRequest,
    *,
    workflow: Workflow[Any],
    action: str,
    take: Callable[[str], Any],
    record_url: str,
    queue_url: str,
) -> HttpResponse:
    """Take a posted move with the service `take(comment)`; a refusal is an error page with
    the reason. A reviewer goes back to the queue, everyone else to the record."""
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        take(form.cleaned_data.get("comment", ""))
    except ApplicationError as exc:
        return error_page(request, exc)
    move = workflow[action]
    messages.success(request, move.done)
    return redirect(queue_url if move.review else record_url)


@dataclass(frozen=True)
class Queue:
    """One list on the review page: the records waiting, and how one row looks."""

    rows: Iterable[Any]
    row_template: str
    heading: _StrOrPromise = ""


def review_page(request: HttpRequest, *, title: _StrOrPromise, queues: list[Queue]) -> HttpResponse:
    return render(request, "core/review.html", {"title": title, "queues": queues})
