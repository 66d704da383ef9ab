"""Writes for cooperation records. Participants (their focal points and their networks'
staff) and platform admins edit; bad input writes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from ponte.accounts.models import Role
from ponte.accounts.permissions import is_admin, require
from ponte.cooperation.models import (
    Activity,
    Budget,
    Document,
    Participant,
    Partnership,
    Project,
    ProjectOrganisation,
    ProjectResult,
    ResultPeriod,
    Transaction,
)
from ponte.core.exceptions import ApplicationError, ConflictError
from ponte.core.files import save_on_commit
from ponte.core.validation import field_errors
from ponte.directory.models import Currency, LocalGovernment, Network, SdgTarget, Theme
from ponte.knowledge.services import check_upload


def _invalid(exc: ValidationError) -> ApplicationError:
    return ApplicationError(gettext("The data is not valid."), errors=field_errors(exc))


def _save(obj: Any) -> Any:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise _invalid(exc) from exc
    obj.save()
    return obj


def can_edit_partnership(user: Any, partnership: Partnership) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if user.role == Role.MEMBER and user.local_government_id:
        return partnership.participants.filter(
            local_government_id=user.local_government_id
        ).exists()
    if user.is_network_staff:
        return partnership.participants.filter(network_id=user.network_id).exists() or (
            partnership.participants.filter(
                local_government__memberships__network_id=user.network_id
            ).exists()
        )
    return False


def can_edit_project(user: Any, project: Project) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if user.role == Role.MEMBER and user.local_government_id:
        return project.organisations.filter(local_government_id=user.local_government_id).exists()
    if user.is_network_staff:
        return (
            project.organisations.filter(network_id=user.network_id).exists()
            or (
                project.programme is not None
                and project.programme.lead_network_id == user.network_id
            )
            or project.organisations.filter(
                local_government__memberships__network_id=user.network_id
            ).exists()
        )
    return False


def _tags(themes: list[str], targets: list[str]) -> tuple[list[Theme], list[SdgTarget]]:
    found_themes = list(Theme.objects.filter(slug__in=themes))
    found_targets = list(SdgTarget.objects.filter(code__in=targets))
    errors = {}
    if len(found_themes) != len(set(themes)):
        errors["themes"] = [
            f"Unknown: {', '.join(sorted(set(themes) - {t.slug for t in found_themes}))}"
        ]
    if len(found_targets) != len(set(targets)):
        errors["sdg_targets"] = [
            f"Unknown: {', '.join(sorted(set(targets) - {t.code for t in found_targets}))}"
        ]
    if errors:
        raise ApplicationError("Some tags are not known.", errors=errors)
    return found_themes, found_targets


@transaction.atomic
def partnership_create(
    *,
    actor: Any,
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
    if len(local_governments) + len(networks) < 2:
        raise ApplicationError("A partnership needs at least two parties.")
    if actor is not None and not is_admin(actor):
        own = getattr(actor, "local_government_id", None) in {lg.pk for lg in local_governments}
        staff = getattr(actor, "is_network_staff", False) and (
            actor.network_id in {n.pk for n in networks}
            or any(
                lg.memberships.filter(network_id=actor.network_id).exists()
                for lg in local_governments
            )
        )
        require(
            bool(own or staff),
            "Only a party to the partnership (or its network staff) may record it.",
        )
    if kind not in Partnership.Kind.values:
        raise ApplicationError(f"Unknown kind {kind!r}.", errors={"kind": ["Unknown kind."]})
    theme_objs, target_objs = _tags(themes or [], sdg_targets or [])
    partnership = _save(
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
    for lg in local_governments:
        Participant.objects.create(partnership=partnership, local_government=lg)
    for network in networks:
        Participant.objects.create(partnership=partnership, network=network)
    partnership.themes.set(theme_objs)
    partnership.sdg_targets.set(target_objs)
    return partnership


@transaction.atomic
def partnership_from_interest(
    *, actor: Any, interest: Any, title: str, kind: str, **details: Any
) -> Partnership:
    """Turn an accepted match between two local governments into a proposed partnership."""
    from ponte.matching.models import Interest

    if interest.status != Interest.Status.ACCEPTED:
        raise ApplicationError("Only an accepted match can become a partnership.")
    if interest.partnerships.exists():
        raise ApplicationError("This match already became a partnership.")
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
    """An IATI activity identifier in Ponte's own namespace, unique by construction."""
    base = f"XI-PONTE-{partnership.pk if partnership else 0}"
    n = Project.objects.filter(identifier__startswith=base).count() + 1
    return f"{base}-{n}"


@transaction.atomic
def project_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    description: str = "",
    planned_start: date | None = None,
    planned_end: date | None = None,
    funder: str = "",
    themes: list[str] | None = None,
    sdg_targets: list[str] | None = None,
) -> Project:
    """A project of a partnership: its local governments implement it and are its locations;
    a named funder becomes the funding organisation."""
    require(
        can_edit_partnership(actor, partnership),
        "Only the partners may record a project of this partnership.",
    )
    theme_objs, target_objs = _tags(themes or [], sdg_targets or [])
    project = _save(
        Project(
            identifier=_identifier(partnership),
            title=title.strip(),
            description=description.strip(),
            partnership=partnership,
            status=Project.Status.PIPELINE,
            planned_start=planned_start,
            planned_end=planned_end,
        )
    )
    places = [p.local_government for p in partnership.participants.all() if p.local_government]
    for lg in places:
        ProjectOrganisation.objects.create(
            project=project,
            role=ProjectOrganisation.Role.IMPLEMENTING,
            name=lg.name,
            local_government=lg,
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
    actor: Any,
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
        can_edit_partnership(actor, partnership), "Only the partners may change this partnership."
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
    _save(locked)
    locked.themes.set(theme_objs)
    locked.sdg_targets.set(target_objs)
    return locked


@transaction.atomic
def project_update(
    *,
    actor: Any,
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
    require(can_edit_project(actor, project), "Only the project's participants may change it.")
    locked = _locked_project(project, version)
    theme_objs, target_objs = _tags(themes, sdg_targets)
    locked.title = title.strip()
    locked.description = description.strip()
    locked.planned_start, locked.planned_end = planned_start, planned_end
    locked.actual_start, locked.actual_end = actual_start, actual_end
    locked.version += 1
    _save(locked)
    locked.themes.set(theme_objs)
    locked.sdg_targets.set(target_objs)
    return locked


@transaction.atomic
def partnership_transition(
    *, actor: Any, partnership: Partnership, status: str, version: int
) -> Partnership:
    require(
        can_edit_partnership(actor, partnership), "Only the partners may change this partnership."
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
def project_transition(*, actor: Any, project: Project, status: int, version: int) -> Project:
    require(can_edit_project(actor, project), "Only the project's participants may change it.")
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


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(
            gettext("%(value)s is not an amount.") % {"value": value},
            errors={"value": [gettext("Not a number.")]},
        ) from exc
    if not amount.is_finite():
        raise ApplicationError(
            gettext("%(value)s is not an amount.") % {"value": value},
            errors={"value": [gettext("Not a number.")]},
        )
    if amount < 0:
        raise ApplicationError(
            gettext("Amounts cannot be negative."),
            errors={"value": [gettext("Must be zero or more.")]},
        )
    return amount


def _number(value: Any) -> Any:
    """A measured value as given; the model field parses it and says whether it fits its
    digits (`_save` runs full_clean). A float is read as the number it prints as."""
    if value in (None, ""):
        return None
    return str(value) if isinstance(value, float) else value


def _currency(code: str) -> Currency:
    currency = Currency.objects.filter(code=(code or "").upper()).first()
    if currency is None:
        raise ApplicationError(
            gettext("Unknown currency %(code)s: use an ISO 4217 code such as USD, EUR, IDR.")
            % {"code": code},
            errors={"currency": [gettext("Unknown currency.")]},
        )
    return currency


@transaction.atomic
def budget_add(
    *,
    actor: Any,
    project: Project,
    period_start: date,
    period_end: date,
    value: Any,
    currency: str,
    type: int = Budget.Type.ORIGINAL,
) -> Budget:
    require(
        actor is None or can_edit_project(actor, project),
        "Only the project's participants may add budgets.",
    )
    if type not in Budget.Type.values:
        raise ApplicationError(
            gettext("Unknown budget type."), errors={"type": [gettext("Unknown type.")]}
        )
    return _save(
        Budget(
            project=project,
            type=type,
            period_start=period_start,
            period_end=period_end,
            value=_money(value),
            currency=_currency(currency),
            value_date=period_start,
        )
    )


@transaction.atomic
def transaction_add(
    *,
    actor: Any,
    project: Project,
    type: int,
    date: date,
    value: Any,
    currency: str,
    provider: str = "",
    receiver: str = "",
    description: str = "",
) -> Transaction:
    require(
        actor is None or can_edit_project(actor, project),
        "Only the project's participants may add money.",
    )
    if type not in Transaction.Type.values:
        raise ApplicationError(
            gettext("Unknown transaction type."), errors={"type": [gettext("Unknown type.")]}
        )
    return _save(
        Transaction(
            project=project,
            type=type,
            date=date,
            value=_money(value),
            currency=_currency(currency),
            provider=provider,
            receiver=receiver,
            description=description,
        )
    )


@transaction.atomic
def result_add(
    *,
    actor: Any,
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
        actor is None or can_edit_project(actor, project),
        "Only the project's participants may add results.",
    )
    if not unit.strip():
        raise ApplicationError(
            "A result needs a unit (people, %, tonnes…).", errors={"unit": ["Required."]}
        )
    result = _save(
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
        _save(
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
    actor: Any,
    result: ProjectResult,
    period_start: date,
    period_end: date,
    target: Any = None,
    actual: Any = None,
) -> ResultPeriod:
    """Record a period's target and/or actual value of a result's indicator. A period with the
    same dates is updated (a value left empty keeps what was recorded); otherwise one is added."""
    require(
        actor is None or can_edit_project(actor, result.project),
        "Only the project's participants may record results.",
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
    saved: ResultPeriod = _save(period)
    return saved


# IATI OrganisationType for an organisation picked from the directory (free-text names say).
_GOVERNMENT, _INTERNATIONAL_NGO = "10", "21"


@transaction.atomic
def project_organisation_add(
    *,
    actor: Any,
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
        actor is None or can_edit_project(actor, project),
        "Only the project's participants may add organisations.",
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
    organisation: ProjectOrganisation = _save(
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


def totals_by_currency(amounts: list[tuple[Decimal, str]]) -> dict[str, Decimal]:
    """Sum money per currency; different currencies are never added together."""
    totals: dict[str, Decimal] = {}
    for value, currency in amounts:
        totals[currency] = totals.get(currency, Decimal("0")) + value
    return totals


def budgeted_amounts(budgets: Iterable[Budget]) -> list[tuple[Decimal, str]]:
    """The money a project plans, as (value, currency): a revised budget replaces the original
    one for the same period and currency (IATI BudgetType 2), the latest revision winning,
    so a revision is never counted on top of what it revises."""
    originals: dict[tuple[date, date, str], list[Decimal]] = {}
    revised: dict[tuple[date, date, str], tuple[int, Decimal]] = {}
    for budget in budgets:
        key = (budget.period_start, budget.period_end, budget.currency_id)
        if budget.type == Budget.Type.REVISED:
            if key not in revised or budget.pk > revised[key][0]:
                revised[key] = (budget.pk, budget.value)
        else:
            originals.setdefault(key, []).append(budget.value)
    amounts = [(value, key[2]) for key, (_pk, value) in revised.items()]
    for key, values in originals.items():
        if key not in revised:
            amounts += [(value, key[2]) for value in values]
    return amounts


def converted_total(
    totals: dict[str, Decimal], rates: dict[str, str], target: str = "USD"
) -> Decimal | None:
    """A total in `target` using the configured rates, or None if any currency has no rate."""
    total = Decimal("0")
    for currency, value in totals.items():
        if currency == target:
            total += value
        elif currency in rates:
            total += value * Decimal(rates[currency])
        else:
            return None
    return total.quantize(Decimal("0.01"))


@transaction.atomic
def activity_add(
    *,
    actor: Any,
    project: Project,
    title: str,
    start_date: date,
    end_date: date | None = None,
    status: str = Activity.Status.PLANNED,
) -> Activity:
    require(can_edit_project(actor, project), "Only the project's participants may add activities.")
    if status not in Activity.Status.values:
        raise ApplicationError(f"Unknown status {status!r}.", errors={"status": ["Unknown."]})
    activity: Activity = _save(
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
    actor: Any,
    upload: UploadedFile,
    title: str,
    category: str,
    partnership: Partnership | None = None,
    project: Project | None = None,
) -> Document:
    """Attach a file (type checked by content, size limited, as in the library)."""
    if (partnership is None) == (project is None):
        raise ApplicationError("A document belongs to one partnership or one project.")
    if actor is None:  # the system: demo content and imports
        pass
    elif partnership is not None:
        require(can_edit_partnership(actor, partnership), "Only the partners may add documents.")
    elif project is not None:
        require(can_edit_project(actor, project), "Only the participants may add documents.")
    if category not in Document.Category.values:
        raise ApplicationError("Unknown category.", errors={"category": ["Unknown."]})
    name, content_type = check_upload(upload)
    document = Document(
        partnership=partnership,
        project=project,
        title=title.strip() or name,
        category=category,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_on_commit(
        document.file,
        name,
        upload,
        undo=lambda: Document.objects.filter(pk=document.pk).delete(),
    )
    return _save(document)  # type: ignore[no-any-return]


# Removing a mistaken entry ------------------------------------------------------------------


def _require_project_editor(actor: Any, project: Project) -> None:
    require(
        can_edit_project(actor, project),
        gettext("Only the project's participants may remove what was recorded."),
    )


@transaction.atomic
def budget_remove(*, actor: Any, budget: Budget) -> None:
    """Remove a budget line; the project's totals no longer count it."""
    _require_project_editor(actor, budget.project)
    budget.delete()


@transaction.atomic
def result_remove(*, actor: Any, result: ProjectResult) -> None:
    """Remove a result: its indicator and every period's target and actual."""
    _require_project_editor(actor, result.project)
    result.delete()


@transaction.atomic
def result_period_remove(*, actor: Any, period: ResultPeriod) -> None:
    """Remove one period's target and actual; the result and its other periods stay."""
    _require_project_editor(actor, period.result.project)
    period.delete()


@transaction.atomic
def transaction_remove(*, actor: Any, transaction: Transaction) -> None:
    _require_project_editor(actor, transaction.project)
    transaction.delete()


@transaction.atomic
def activity_remove(*, actor: Any, activity: Activity) -> None:
    _require_project_editor(actor, activity.project)
    activity.delete()


@transaction.atomic
def project_organisation_remove(*, actor: Any, organisation: ProjectOrganisation) -> None:
    """Remove a participating organisation. A project keeps at least one implementing
    organisation; a local government that no longer implements it stops being one of its
    locations (the reverse of `project_organisation_add`)."""
    project = organisation.project
    _require_project_editor(actor, project)
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
def document_remove(*, actor: Any, document: Document) -> None:
    """Remove a document of a partnership or a project; its stored file is deleted once the
    removal is committed (never before, so a rolled-back removal keeps its file)."""
    if document.partnership is not None:
        require(
            can_edit_partnership(actor, document.partnership),
            gettext("Only the partners may remove documents."),
        )
    else:
        _require_project_editor(actor, document.project)  # type: ignore[arg-type]
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
