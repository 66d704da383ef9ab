"""What events add to the pages of apps below them: upcoming events on a city's, a
network's, a committee's, a partnership's and a project's page, and "plan an exchange" on a
need, an accepted match and a partnership (for the people who may organise it); and a project's
published events as document links (its web pages) in its IATI activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from ponte.cooperation.permissions import can_edit_partnership, can_edit_project
from ponte.cooperation.slots import (
    DocumentLink,
    iati_document_links,
    partnership_panels,
    project_panels,
)
from ponte.core.schedule import Periodic, periodic_work
from ponte.directory.slots import committee_panels, network_panels, profile_panels
from ponte.events.models import Event, Status
from ponte.events.selectors import network_figures, upcoming
from ponte.events.tasks import send_event_reminders_task
from ponte.exchange.permissions import edit_need
from ponte.exchange.slots import need_panels
from ponte.matching.permissions import can_see_interest
from ponte.matching.slots import interest_actions

TEMPLATE = "events/_panel.html"


def _plan(kind: str, pk: int) -> str:
    return f"{reverse('events:create')}?{kind}={pk}"


@profile_panels.panel(key="events.upcoming", template=TEMPLATE, order=30)
def _city(request: HttpRequest, local_government: Any) -> dict[str, Any]:
    return {
        "events": upcoming(
            request.user,
            local_governments=local_government,
            participants=local_government,
        )
    }


@network_panels.panel(key="events.upcoming", template=TEMPLATE, order=30)
def _network(request: HttpRequest, network: Any) -> dict[str, Any]:
    return {
        "events": upcoming(
            request.user,
            networks=network,
            local_governments__memberships__network=network,
        ),
        "feed": reverse("events:network-feed", args=[network.slug]),
        "figures": network_figures(network),
    }


@committee_panels.panel(key="events.upcoming", template=TEMPLATE, order=30)
def _committee(request: HttpRequest, committee: Any) -> dict[str, Any]:
    return {
        "events": upcoming(request.user, committee=committee),
        "feed": reverse("events:committee-feed", args=[committee.slug]),
    }


@need_panels.panel(key="events.plan", template=TEMPLATE, order=50)
def _need(request: HttpRequest, need: Any) -> dict[str, Any] | None:
    plan = _plan("need", need.pk) if edit_need(request.user, need) else ""
    events = upcoming(request.user, need=need)
    if not events and not plan:
        return None
    return {"events": events, "plan": plan}


@partnership_panels.panel(key="events.upcoming", template=TEMPLATE)
def _partnership(request: HttpRequest, partnership: Any) -> dict[str, Any]:
    plan = (
        _plan("partnership", partnership.pk)
        if can_edit_partnership(request.user, partnership)
        else ""
    )
    return {"events": upcoming(request.user, partnership=partnership), "plan": plan}


@project_panels.panel(key="events.upcoming", template=TEMPLATE)
def _project(request: HttpRequest, project: Any) -> dict[str, Any]:
    plan = _plan("project", project.pk) if can_edit_project(request.user, project) else ""
    return {"events": upcoming(request.user, project=project), "plan": plan}


def _interest(request: HttpRequest, interest: Any) -> tuple[str, str] | None:
    if not can_see_interest(request.user, interest):
        return None
    return gettext("Plan an exchange"), _plan("interest", interest.pk)


interest_actions.add(_interest, key="events.plan")


# Reminders go a day and an hour before: looked for every five minutes.
periodic_work.add(
    Periodic(every=dt.timedelta(minutes=5), enqueue=send_event_reminders_task.enqueue),
    key="events.reminders",
)


# IATI DocumentCategory A12, "Activity web page": an event's page is one of the project's.
EVENT_PAGE_CATEGORY = "A12"


def _iati_links(project: Any) -> list[DocumentLink]:
    site = settings.PONTE_SITE_URL.rstrip("/")
    events = Event.objects.filter(project=project, status=Status.PUBLISHED, is_demo=False)
    return [
        DocumentLink(
            url=site + reverse("events:detail", args=[event.slug]),
            title=event.title,
            category=EVENT_PAGE_CATEGORY,
            document_date=event.starts_at.date(),
            language=event.language_id,
        )
        for event in events.order_by("starts_at", "pk")
    ]


iati_document_links.add(_iati_links, key="events.pages")
