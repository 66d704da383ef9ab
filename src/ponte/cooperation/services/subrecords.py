"""What is recorded on a project or partnership besides its money: results with their
indicator and periods, activities, participating organisations, documents; and removing
a mistaken entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.accounts.permissions import Actor, SystemActor, person, require
from ponte.cooperation.models import (
    Activity,
    Document,
    Partnership,
    Project,
    ProjectOrganisation,
    ProjectResult,
    ResultPeriod,
)
from ponte.cooperation.permissions import can_edit_partnership, can_edit_project
from ponte.cooperation.services.common import require_project_editor, save
from ponte.core.exceptions import ApplicationError
from ponte.core.files import save_on_commit
from ponte.directory.models import LocalGovernment, Network
from ponte.knowledge.services import check_upload


def _number(value: Any) -> Any:
    """A measured value as given; the model field parses it and says whether it fits its
    digits (`save` runs full_clean). A float is read as the number it prints as."""
    if value in (None, ""):
        return None
    return str(value) if isinstance(value, float) else value


@transaction.atomic
def result_add(
    *,
    actor: Actor,
    project: Project,
    title: str,
    indicator: str,
    unit: str,
    baseline_value: Any = None,
    baseline_year: int | None = None,
    periods: list[dict[str, Any]] | None = None,
) -> ProjectResult:
    """A result with its indicator; periods are {period_start, period_end, target, actual}."""
    require(
        can_edit_project(actor, project),
        gettext("Only the project's participants may add results."),
    )
    if not unit.strip():
        raise ApplicationError(
            _("A result needs a unit (people, %, tonnes…)."), errors={"unit": [_("Required.")]}
        )
    result = save(
        ProjectResult(
            project=project,
            title=title,
            indicator=indicator,
            unit=unit.strip(),
            baseline_year=baseline_year,
            baseline_value=_number(baseline_value),
        )
    )
    for period in periods or []:
        save(
            ResultPeriod(
                result=result,
                period_start=period["period_start"],
                period_end=period["period_end"],
                target=_number(period.get("target")),
                actual=_number(period.get("actual")),
            )
        )
    return result


@transaction.atomic
def result_period_record(
    *,
    actor: Actor,
    result: ProjectResult,
    period_start: date,
    period_end: date,
    target: Any = None,
    actual: Any = None,
) -> ResultPeriod:
    """Record a period's target and/or actual value of a result's indicator. A period with the
    same dates is updated (a value left empty keeps what was recorded); otherwise one is added."""
    require(
        can_edit_project(actor, result.project),
        gettext("Only the project's participants may record results."),
    )
    if target in (None, "") and actual in (None, ""):
        raise ApplicationError(
            gettext("Record a target, an actual value or both."),
            errors={"actual": [gettext("Give a value.")]},
        )
    if period_end < period_start:
        raise ApplicationError(
            gettext("The period cannot end before it starts."),
            errors={"period_end": [gettext("The end cannot be before the start.")]},
        )
    period = (
        ResultPeriod.objects.select_for_update()
        .filter(result=result, period_start=period_start, period_end=period_end)
        .first()
    ) or ResultPeriod(result=result, period_start=period_start, period_end=period_end)
    if target not in (None, ""):
        period.target = _number(target)
    if actual not in (None, ""):
        period.actual = _number(actual)
    saved: ResultPeriod = save(period)
    return saved


# IATI OrganisationType for an organisation picked from the directory (free-text names say).
_GOVERNMENT, _INTERNATIONAL_NGO = "10", "21"


@transaction.atomic
def project_organisation_add(
    *,
    actor: Actor,
    project: Project,
    role: int,
    local_government: LocalGovernment | None = None,
    network: Network | None = None,
    name: str = "",
    type: str = "",
    ref: str = "",
) -> ProjectOrganisation:
    """A participating organisation with its IATI role: a local government or a network of
    the directory, or any other organisation by name. A local government that implements the
    project also becomes one of its locations. Participants may edit the project."""
    require(
        can_edit_project(actor, project),
        gettext("Only the project's participants may add organisations."),
    )
    name = name.strip()
    if sum(bool(x) for x in (local_government, network, name)) != 1:
        raise ApplicationError(
            gettext("Choose a local government, a network or an organisation's name: one of them.")
        )
    if role not in ProjectOrganisation.Role.values:
        raise ApplicationError(
            gettext("Unknown role."), errors={"role": [gettext("Unknown role.")]}
        )
    if local_government is not None:
        name, default_type = local_government.name, _GOVERNMENT
    elif network is not None:
        name, default_type = network.name, _INTERNATIONAL_NGO
    else:
        default_type = "90"  # other
    same = project.organisations.filter(
        role=role, local_government=local_government, network=network
    )
    if local_government is None and network is None:
        same = same.filter(name__iexact=name)
    if same.exists():
        raise ApplicationError(
            gettext("%(name)s already takes part in this project in that role.") % {"name": name}
        )
    organisation: ProjectOrganisation = save(
        ProjectOrganisation(
            project=project,
            role=role,
            name=name[:300],
            type=type or default_type,
            ref=ref.strip(),
            local_government=local_government,
            network=network,
        )
    )
    if local_government is not None and role == ProjectOrganisation.Role.IMPLEMENTING:
        project.locations.add(local_government)
    return organisation


@transaction.atomic
def activity_add(
    *,
    actor: Actor,
    project: Project,
    title: str,
    start_date: date,
    end_date: date | None = None,
    status: str = Activity.Status.PLANNED,
) -> Activity:
    require(
        can_edit_project(actor, project),
        gettext("Only the project's participants may add activities."),
    )
    if status not in Activity.Status.values:
        raise ApplicationError(
            _("Unknown status %(status)r.") % {"status": status}, errors={"status": [_("Unknown.")]}
        )
    activity: Activity = save(
        Activity(
            project=project,
            title=title.strip(),
            start_date=start_date,
            end_date=end_date,
            status=status,
        )
    )
    return activity


@transaction.atomic
def document_add(
    *,
    actor: Actor,
    upload: UploadedFile[Any],
    title: str,
    category: str,
    partnership: Partnership | None = None,
    project: Project | None = None,
) -> Document:
    """Attach a file (type checked by content, size limited, as in the library)."""
    if (partnership is None) == (project is None):
        raise ApplicationError(_("A document belongs to one partnership or one project."))
    if isinstance(actor, SystemActor):  # the system: demo content and imports
        pass
    elif partnership is not None:
        require(
            can_edit_partnership(actor, partnership),
            gettext("Only the partners may add documents."),
        )
    elif project is not None:
        require(
            can_edit_project(actor, project), gettext("Only the participants may add documents.")
        )
    if category not in Document.Category.values:
        raise ApplicationError(_("Unknown category."), errors={"category": [_("Unknown.")]})
    name, content_type = check_upload(upload)
    document = Document(
        partnership=partnership,
        project=project,
        title=title.strip() or name,
        category=category,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
    )
    save_on_commit(
        document.file,
        name,
        upload,
        undo=lambda: Document.objects.filter(pk=document.pk).delete(),
    )
    return save(document)


@transaction.atomic
def result_remove(*, actor: Actor, result: ProjectResult) -> None:
    """Remove a result: its indicator and every period's target and actual."""
    require_project_editor(actor, result.project)
    result.delete()


@transaction.atomic
def result_period_remove(*, actor: Actor, period: ResultPeriod) -> None:
    """Remove one period's target and actual; the result and its other periods stay."""
    require_project_editor(actor, period.result.project)
    period.delete()


@transaction.atomic
def activity_remove(*, actor: Actor, activity: Activity) -> None:
    require_project_editor(actor, activity.project)
    activity.delete()


@transaction.atomic
def project_organisation_remove(*, actor: Actor, organisation: ProjectOrganisation) -> None:
    """Remove a participating organisation. A project keeps at least one implementing
    organisation; a local government that no longer implements it stops being one of its
    locations (the reverse of `project_organisation_add`)."""
    project = organisation.project
    require_project_editor(actor, project)
    implementing = ProjectOrganisation.Role.IMPLEMENTING
    others = project.organisations.exclude(pk=organisation.pk)
    if organisation.role == implementing and not others.filter(role=implementing).exists():
        raise ApplicationError(gettext("A project keeps at least one implementing organisation."))
    organisation.delete()
    lg = organisation.local_government
    if (
        lg is not None
        and organisation.role == implementing
        and not others.filter(role=implementing, local_government=lg).exists()
    ):
        project.locations.remove(lg)


@transaction.atomic
def document_remove(*, actor: Actor, document: Document) -> None:
    """Remove a document of a partnership or a project; its stored file is deleted once the
    removal is committed (never before, so a rolled-back removal keeps its file)."""
    if document.partnership is not None:
        require(
            can_edit_partnership(actor, document.partnership),
            gettext("Only the partners may remove documents."),
        )
    else:
        require_project_editor(actor, document.project)  # type: ignore[arg-type]
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
