"""What cooperation makes searchable: projects and partnerships (public records, as in IATI)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ponte.cooperation.models import (
    Participant,
    Partnership,
    Project,
    ProjectOrganisation,
)
from ponte.directory.models import LocalGovernment
from ponte.knowledge.language import detect_language
from ponte.search.registry import Document, SearchType, register


def _places(local_governments: list[LocalGovernment]) -> dict[str, list[str]]:
    return {
        "region": sorted({lg.country.ponte_region for lg in local_governments}),
        "country": sorted({lg.country_id for lg in local_governments}),
    }


def _tags(record: Project | Partnership) -> dict[str, list[str]]:
    return {
        "theme": sorted(t.slug for t in record.themes.all()),
        "goal": sorted({str(t.goal_id) for t in record.sdg_targets.all()}),
    }


def _language(title: str, description: str) -> str:
    # Records carry no language field: the officer writes in their own, which we detect.
    return detect_language(f"{title}. {description}") or ""


def _project(project: Project) -> Document:
    organisations = list(project.organisations.all())
    places = list(project.locations.all()) + [
        o.local_government for o in organisations if o.local_government is not None
    ]
    language = _language(project.title, project.description)
    return Document(
        title=project.title,
        fields=[
            (project.title, 3),
            (project.description, 1),
            (project.programme.name if project.programme else "", 2),
            (" ".join(o.name for o in organisations), 1),
            (" ".join(lg.name for lg in project.locations.all()), 1),
        ],
        language=language,
        languages=[language] if language else [],
        url=reverse("cooperation:project", args=[project.pk]),
        is_public=True,
        facets={**_tags(project), **_places(places), "language": [language] if language else []},
    )


def _partnership(partnership: Partnership) -> Document:
    participants = list(partnership.participants.all())
    places = [p.local_government for p in participants if p.local_government is not None]
    language = _language(partnership.title, partnership.description)
    return Document(
        title=partnership.title,
        fields=[
            (partnership.title, 3),
            (partnership.description, 1),
            (" ".join(str(p) for p in participants), 2),
        ],
        language=language,
        languages=[language] if language else [],
        url=reverse("cooperation:partnership", args=[partnership.pk]),
        is_public=True,
        facets={
            **_tags(partnership),
            **_places(places),
            "language": [language] if language else [],
        },
    )


def _projects() -> Any:
    return Project.objects.select_related("programme").prefetch_related(
        "themes",
        "sdg_targets",
        "locations__country",
        "organisations__local_government__country",
    )


def _partnerships() -> Any:
    return Partnership.objects.prefetch_related(
        "themes",
        "sdg_targets",
        "participants__local_government__country",
        "participants__network",
    )


register(
    SearchType(
        name="project",
        label=_("Project"),
        plural=_("Projects"),
        model=Project,
        queryset=_projects,
        document=_project,
        related={ProjectOrganisation: lambda organisation: [organisation.project]},
    )
)
register(
    SearchType(
        name="partnership",
        label=_("Partnership"),
        plural=_("Partnerships"),
        model=Partnership,
        queryset=_partnerships,
        document=_partnership,
        related={Participant: lambda participant: [participant.partnership]},
    )
)
