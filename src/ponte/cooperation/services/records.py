"""Writes to the cooperation records themselves: partnerships (also from an accepted match)
and their projects, their descriptions and their status. Participants (their focal points
and their networks' staff) and platform admins edit; bad input writes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.accounts.permissions import Actor, require
from ponte.cooperation.models import (
    Participant,
    Partnership,
    Programme,
    Project,
    ProjectOrganisation,
)
from ponte.cooperation.permissions import (
    can_edit_partnership,
    can_edit_programme,
    can_edit_project,
)
from ponte.cooperation.services.common import save
from ponte.core.exceptions import ApplicationError, ConflictError
from ponte.directory.models import LocalGovernment, Network, SdgTarget, Theme
from ponte.directory.permissions import can_act_for, can_manage_network, can_moderate_for
from ponte.matching.models import Interest


def _tags(themes: list[str], targets: list[str]) -> tuple[list[Theme], list[SdgTarget]]:
    found_themes = list(Theme.objects.filter(slug__in=themes))
    found_targets = list(SdgTarget.objects.filter(code__in=targets))
    errors = {}
    if len(found_themes) != len(set(themes)):
        errors["themes"] = [
            _("Unknown: %(value)s")
            % {"value": ", ".join(sorted(set(themes) - {t.slug for t in found_themes}))}
        ]
    if len(found_targets) != len(set(targets)):
        errors["sdg_targets"] = [
            _("Unknown: %(value)s")
            % {"value": ", ".join(sorted(set(targets) - {t.code for t in found_targets}))}
        ]
    if errors:
        raise ApplicationError(_("Some tags are not known."), errors=errors)
    return found_themes, found_targets


@transaction.atomic
def partnership_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    local_governments: list[LocalGovernment],
    networks: list[Network] | None = None,
    description: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    themes: list[str] | None = None,
    sdg_targets: list[str] | None = None,
    origin_note: str = "",
    origin_interest: Any = None,
    is_demo: bool = False,
) -> Partnership:
    """Record a partnership; the actor must be one of the parties (or staff/admin)."""
    networks = networks or []
    if len(set(local_governments)) + len(set(networks)) < 2:
        raise ApplicationError(
            gettext("A partnership needs at least two parties."),
            errors={"local_governments": [gettext("Choose at least two parties.")]},
        )
    require(
        may_record_for(actor, local_governments, networks),
        gettext("Only a party to the partnership (or its network staff) may record it."),
    )
    if kind not in Partnership.Kind.values:
        raise ApplicationError(
            _("Unknown kind %(kind)r.") % {"kind": kind}, errors={"kind": [_("Unknown kind.")]}
        )
    theme_objs, target_objs = _tags(themes or [], sdg_targets or [])
    partnership = save(
        Partnership(
            title=title,
            kind=kind,
            description=description,
            start_date=start_date,
            end_date=end_date,
            origin_note=origin_note,
            origin_interest=origin_interest,
            is_demo=is_demo,
        )
    )
    for lg in dict.fromkeys(local_governments):
        Participant.objects.create(partnership=partnership, local_government=lg)
    for network in dict.fromkeys(networks):
        Participant.objects.create(partnership=partnership, network=network)
    partnership.themes.set(theme_objs)
    partnership.sdg_targets.set(target_objs)
    return partnership


@transaction.atomic
def partnership_from_interest(
    *, actor: Actor, interest: Any, title: str, kind: str, **details: Any
) -> Partnership:
    """Turn an accepted match between two local governments into a proposed partnership."""
    if interest.status != Interest.Status.ACCEPTED:
        raise ApplicationError(_("Only an accepted match can become a partnership."))
    if interest.partnerships.exists():
        raise ApplicationError(_("This match already became a partnership."))
    parties = [interest.from_local_government]
    if interest.to_local_government is not None:
        parties.append(interest.to_local_government)
    networks = [interest.to_network] if interest.to_network is not None else []
    return partnership_create(
        actor=actor,
        title=title,
        kind=kind,
        local_governments=parties,
        networks=networks,
        origin_note=f"Match: {interest.candidate_title}"[:300],
        origin_interest=interest,
        **details,
    )


def _identifier(partnership: Partnership | None) -> str:
    """An IATI activity identifier in Ponte's own namespace, unique by construction (a
    project outside any partnership counts under 0)."""
    base = f"XI-PONTE-{partnership.pk if partnership else 0}-"
    n = Project.objects.filter(identifier__startswith=base).count() + 1
    while Project.objects.filter(identifier=f"{base}{n}").exists():
        n += 1
    return f"{base}{n}"


def may_record_for(
    actor: Actor, local_governments: list[LocalGovernment], networks: list[Network]
) -> bool:
    """Someone recording a partnership or project directly: a focal point of one of its local
    governments, or staff of a network that takes part or that one of them belongs to."""
    return any(
        can_act_for(actor, lg) or can_moderate_for(actor, lg) for lg in local_governments
    ) or any(can_manage_network(actor, network) for network in networks)


@transaction.atomic
def project_create(
    *,
    actor: Actor,
    partnership: Partnership | None = None,
    title: str,
    description: str = "",
    planned_start: date | None = None,
    planned_end: date | None = None,
    funder: str = "",
    themes: list[str] | None = None,
    sdg_targets: list[str] | None = None,
    programme: Programme | None = None,
    local_governments: list[LocalGovernment] | None = None,
) -> Project:
    """A project, of a partnership or recorded directly (in a programme, or on its own). Its
    local governments (the partnership's, or those named) implement it and are its locations;
    a named funder becomes the funding organisation."""
    if partnership is not None:
        require(
            can_edit_partnership(actor, partnership),
            gettext("Only the partners may record a project of this partnership."),
        )
        places = [p.local_government for p in partnership.participants.all() if p.local_government]
    else:
        places = list(local_governments or [])
        if not places and programme is None:
            raise ApplicationError(
                gettext("Name the local governments of the project, or its programme."),
                errors={"local_governments": [gettext("Choose at least one.")]},
            )
        require(
            may_record_for(actor, places, [])
            or (programme is not None and can_edit_programme(actor, programme)),
            gettext(
                "Only the focal points of the project's local governments, their networks' "
                "staff or the staff leading its programme may record it."
            ),
        )
    theme_objs, target_objs = _tags(themes or [], sdg_targets or [])
    project = save(
        Project(
            identifier=_identifier(partnership),
            title=title.strip(),
            description=description.strip(),
            partnership=partnership,
            programme=programme,
            status=Project.Status.PIPELINE,
            planned_start=planned_start,
            planned_end=planned_end,
        )
    )
    for lg in places:
        ProjectOrganisation.objects.create(
            project=project,
            role=ProjectOrganisation.Role.IMPLEMENTING,
            name=lg.name,
            local_government=lg,
        )
    if programme is not None and programme.lead_network is not None:
        network = programme.lead_network
        ProjectOrganisation.objects.create(
            project=project,
            role=ProjectOrganisation.Role.ACCOUNTABLE,
            name=network.name,
            network=network,
            type="21",
        )
    if funder.strip():
        ProjectOrganisation.objects.create(
            project=project, role=ProjectOrganisation.Role.FUNDING, name=funder.strip(), type="90"
        )
    project.locations.set(places)
    project.themes.set(theme_objs)
    project.sdg_targets.set(target_objs)
    return project


def _label(choices: Any, value: Any) -> str:
    """The label of a status, or the value itself if it is not one (a tampered form)."""
    return str(dict(choices.choices).get(value, value))


def _locked_partnership(partnership: Partnership, version: int) -> Partnership:
    """The partnership locked for this transaction, if the editor saw its latest version."""
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if locked.version != version:
        raise ConflictError(
            gettext(
                "Someone else changed this partnership after you opened it. Reload the page "
                "to see their changes, then make yours again."
            )
        )
    return locked


def _locked_project(project: Project, version: int) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.version != version:
        raise ConflictError(
            gettext(
                "Someone else changed this project after you opened it. Reload the page to see "
                "their changes, then make yours again."
            )
        )
    return locked


@transaction.atomic
def partnership_update(
    *,
    actor: Actor,
    partnership: Partnership,
    version: int,
    title: str,
    kind: str,
    description: str,
    start_date: date | None,
    end_date: date | None,
    themes: list[str],
    sdg_targets: list[str],
) -> Partnership:
    """Change what a partnership is about. `version` is the one the editor loaded: if someone
    saved since, nothing is written and the editor gets a conflict."""
    require(
        can_edit_partnership(actor, partnership),
        gettext("Only the partners may change this partnership."),
    )
    locked = _locked_partnership(partnership, version)
    if kind not in Partnership.Kind.values:
        raise ApplicationError(
            gettext("Unknown kind of partnership."), errors={"kind": [gettext("Unknown kind.")]}
        )
    theme_objs, target_objs = _tags(themes, sdg_targets)
    locked.title = title.strip()
    locked.kind = kind
    locked.description = description.strip()
    locked.start_date = start_date
    locked.end_date = end_date
    locked.version += 1
    save(locked)
    locked.themes.set(theme_objs)
    locked.sdg_targets.set(target_objs)
    return locked


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    project: Project,
    version: int,
    title: str,
    description: str,
    planned_start: date | None,
    planned_end: date | None,
    actual_start: date | None,
    actual_end: date | None,
    themes: list[str],
    sdg_targets: list[str],
) -> Project:
    """Change a project's title, description, dates and tags (its status moves by
    `project_transition`, its organisations and money are added by their own services)."""
    require(
        can_edit_project(actor, project), gettext("Only the project's participants may change it.")
    )
    locked = _locked_project(project, version)
    theme_objs, target_objs = _tags(themes, sdg_targets)
    locked.title = title.strip()
    locked.description = description.strip()
    locked.planned_start, locked.planned_end = planned_start, planned_end
    locked.actual_start, locked.actual_end = actual_start, actual_end
    locked.version += 1
    save(locked)
    locked.themes.set(theme_objs)
    locked.sdg_targets.set(target_objs)
    return locked


@transaction.atomic
def partnership_transition(
    *, actor: Actor, partnership: Partnership, status: str, version: int
) -> Partnership:
    require(
        can_edit_partnership(actor, partnership),
        gettext("Only the partners may change this partnership."),
    )
    locked = _locked_partnership(partnership, version)
    if status not in Partnership.TRANSITIONS.get(locked.status, set()):
        raise ApplicationError(
            gettext("A partnership that is %(current)s cannot become %(status)s.")
            % {
                "current": locked.get_status_display().lower(),
                "status": _label(Partnership.Status, status).lower(),
            }
        )
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    return locked


@transaction.atomic
def project_transition(*, actor: Actor, project: Project, status: int, version: int) -> Project:
    require(
        can_edit_project(actor, project), gettext("Only the project's participants may change it.")
    )
    locked = _locked_project(project, version)
    if status not in Project.TRANSITIONS.get(locked.status, set()):
        raise ApplicationError(
            gettext("A project in status %(current)s cannot move to %(status)s.")
            % {"current": locked.get_status_display(), "status": _label(Project.Status, status)}
        )
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    return locked
