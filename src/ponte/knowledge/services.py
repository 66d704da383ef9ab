"""Writes to the knowledge library: create, edit (with conflict detection), workflow
transitions, language versions and attachments. Every change leaves a revision."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from ponte.accounts.permissions import Actor, SystemActor, is_admin, person, require
from ponte.community.services import notify_review, people_of
from ponte.core.audit import log_created
from ponte.core.exceptions import ApplicationError, ConflictError
from ponte.core.files import save_on_commit
from ponte.core.validation import problems as validation_problems
from ponte.core.validation import validate
from ponte.directory.lookups import TAG_FIELDS, resolve_tags
from ponte.directory.models import Language, LocalGovernment, Network
from ponte.knowledge.language import detect_language
from ponte.knowledge.models import (
    Attachment,
    Item,
    ItemTranslation,
    ItemType,
    Origin,
    Result,
    Revision,
    Status,
)
from ponte.knowledge.permissions import can_edit_item
from ponte.knowledge.workflow import WORKFLOW

TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "period_start",
    "period_end",
    "cost_band",
    "funding_sources",
    "barriers",
    "enabling_factors",
    "lessons",
    "contacts",
    "links",
)
NULLABLE_FIELDS = {"period_start", "period_end"}
LIST_FIELDS = {"funding_sources", "contacts", "links"}

RESULT_VALUES = ("baseline", "target", "achieved")


def check_results(rows: Any) -> tuple[list[Result], list[str]]:
    """Results as unsaved rows, each checked by the model's own fields (indicator and unit
    given and not too long; values that fit the decimal columns: no NaN, no infinity, no
    more digits than the column holds), and a message for each problem."""
    if not isinstance(rows, list):
        return [], [gettext("The results must be a list.")]
    results, problems = [], []
    for position, row in enumerate(rows):
        number = {"number": position + 1}
        if not isinstance(row, dict):
            problems.append(gettext("Result %(number)s needs an indicator and a unit.") % number)
            continue
        values = {}
        for key in RESULT_VALUES:
            value = row.get(key)
            # A float is read as the number it prints as (0.1, not 0.1000000000000000055).
            values[key] = None if value in (None, "") else str(value)
        year = row.get("year")
        result = Result(
            position=position,
            indicator=str(row.get("indicator") or "").strip(),
            unit=str(row.get("unit") or "").strip(),
            year=None if year in (None, "") else str(year).strip(),
            **values,
        )
        if not result.indicator:
            problems.append(gettext("Result %(number)s has no indicator.") % number)
        if not result.unit:
            problems.append(gettext("Result %(number)s has no unit.") % number)
        given = [
            name
            for name in ("indicator", "unit", "year", *RESULT_VALUES)
            if getattr(result, name) not in (None, "")
        ]
        problems.extend(
            gettext("Result %(number)s, %(problem)s") % {**number, "problem": problem}
            for problem in validation_problems(result, fields=given)
        )
        results.append(result)
    return results, problems


def parse_results(rows: list[dict[str, Any]]) -> list[Result]:
    results, problems = check_results(rows or [])
    if problems:
        raise ApplicationError(gettext("Some results are not valid."), errors={"results": problems})
    return results


def snapshot(item: Item) -> dict[str, Any]:
    """What a revision keeps: the text, tags and results as they were."""
    return {
        "type": item.type,
        "status": item.status,
        "language": item.language_id,
        **{field: getattr(item, field) for field in TEXT_FIELDS},
        "themes": sorted(item.themes.values_list("slug", flat=True)),
        "sdg_targets": sorted(item.sdg_targets.values_list("code", flat=True)),
        "hazards": sorted(item.hazards.values_list("slug", flat=True)),
        "results": [
            {
                "indicator": r.indicator,
                "unit": r.unit,
                "baseline": str(r.baseline) if r.baseline is not None else None,
                "target": str(r.target) if r.target is not None else None,
                "achieved": str(r.achieved) if r.achieved is not None else None,
                "year": r.year,
            }
            for r in item.results.all()
        ],
    }


def _record_revision(item: Item, *, author: Any, action: str, comment: str = "") -> Revision:
    number = (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(
        item=item,
        number=number,
        author=author if getattr(author, "is_authenticated", False) else None,
        action=action,
        comment=comment,
        snapshot=snapshot(item),
    )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:120] or "item"
    slug, n = base, 2
    while Item.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def content_key(*, title: str, city: str, country: str, language: str) -> str:
    """A stable id for imported rows without one: same title, place and language, same item."""
    raw = "|".join(part.strip().casefold() for part in (title, city, country, language))
    return "key:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _language(code: str | None, text: str) -> tuple[Language, bool]:
    detected = False
    if not code:
        code = detect_language(text)
        detected = True
        if code is None:
            raise ApplicationError(
                _("The language could not be detected; choose it."),
                errors={"language": [_("Choose a language.")]},
            )
    try:
        return Language.objects.get(code=code), detected
    except Language.DoesNotExist as exc:
        raise ApplicationError(
            _("Unknown language %(code)r.") % {"code": code},
            errors={"language": [_("Unknown language %(code)r.") % {"code": code}]},
        ) from exc


@dataclass
class Owner:
    local_government: LocalGovernment | None = None
    network: Network | None = None


def _check_may_create(actor: Actor, owner: Owner) -> None:
    if isinstance(actor, SystemActor):  # system imports and demo loading
        return
    if is_admin(actor):
        return
    if owner.network is not None:
        require(
            actor.is_authenticated
            and actor.is_network_staff
            and actor.network_id == owner.network.pk,
            gettext("Only this network's staff publish resources in its name."),
        )
    if owner.local_government is not None:
        require(
            actor.is_authenticated and actor.local_government_id == owner.local_government.pk,
            gettext("You may only publish in the name of your own local government."),
        )


@transaction.atomic
def item_create(*, actor: Actor, owner: Owner, data: dict[str, Any], is_demo: bool = False) -> Item:
    """Create a draft (or, for imports by the system, an item in the status given)."""
    if owner.local_government is None and owner.network is None:
        raise ApplicationError(_("Choose the local government or network that owns this item."))
    _check_may_create(actor, owner)
    text = " ".join(str(data.get(k) or "") for k in ("title", "summary", "body"))
    language, detected = _language(data.get("language"), text)
    item = Item(
        type=data.get("type") or ItemType.PRACTICE,
        slug=_unique_slug(str(data.get("title") or "")),
        external_id=data.get("external_id") or None,
        language=language,
        language_detected=detected,
        owner=owner.local_government,
        publisher_network=owner.network,
        status=data.get("status") or Status.DRAFT,
        created_by=person(actor) if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    for field in TEXT_FIELDS:
        if field in data and data[field] is not None:
            setattr(item, field, data[field])
    if item.status != Status.DRAFT and not isinstance(actor, SystemActor):
        raise ApplicationError(_("New items start as drafts; submit them for review."))
    if item.status == Status.PUBLISHED:
        item.published_at = data.get("published_at") or timezone.now()
    tags = resolve_tags(data)
    results = parse_results(data.get("results") or [])
    validate(item, exclude=["slug", "cover"])
    item.save()
    for name, objects in tags.items():
        getattr(item, name).set(objects)
    for result in results:
        result.item = item
    log_created(Result.objects.bulk_create(results))
    _record_revision(item, author=person(actor), action="created")
    return item


@transaction.atomic
def item_update(*, actor: Actor, item: Item, version: int, data: dict[str, Any]) -> Item:
    """Edit an item. `version` is what the editor loaded; if someone saved since, refuse."""
    require(can_edit_item(actor, item), gettext("You may not edit this item."))
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if locked.version != version:
        raise ConflictError(
            _(
                "Someone else saved this item after you opened it. Reload to see their changes, "
                "then apply yours again."
            )
        )
    if locked.status == Status.ARCHIVED and not is_admin(actor):
        raise ApplicationError(_("Archived items cannot be edited; restore it first."))
    unknown = set(data) - set(TEXT_FIELDS) - set(TAG_FIELDS) - {"language", "results", "type"}
    if unknown:
        raise ApplicationError(
            _("These fields cannot be edited: %(value)s.") % {"value": ", ".join(sorted(unknown))}
        )
    for field in TEXT_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in NULLABLE_FIELDS:
                value = [] if field in LIST_FIELDS else ""
            setattr(locked, field, value)
    if "type" in data:
        locked.type = data["type"]
    if data.get("language"):
        locked.language, _name = _language(data["language"], "")
        locked.language_detected = False
    tags = resolve_tags(data)
    results = parse_results(data["results"]) if "results" in data else None
    validate(locked, exclude=["slug", "cover"])
    locked.version += 1
    locked.save()
    for name, objects in tags.items():
        getattr(locked, name).set(objects)
    if results is not None:
        locked.results.all().delete()
        for result in results:
            result.item = locked
        log_created(Result.objects.bulk_create(results))
    _record_revision(locked, author=person(actor), action="edited")
    return locked


@transaction.atomic
def item_transition(*, actor: Actor, item: Item, action: str, comment: str = "") -> Item:
    """Move an item through its workflow (`knowledge.workflow`): submit, publish, return (with
    a comment), archive, restore. Each move leaves a revision with the comment."""
    WORKFLOW[action]  # an unknown action is refused before anything is locked
    locked = Item.objects.select_for_update().get(pk=item.pk)
    WORKFLOW.take(actor, locked, action, comment=comment)
    if locked.status == Status.PUBLISHED:
        locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    _record_revision(locked, author=person(actor), action=action, comment=comment)
    _tell_about_move(locked, action=action, comment=comment.strip())
    return locked


def _tell_about_move(item: Item, *, action: str, comment: str) -> None:
    """Whoever waits on this move is told: reviewers of a submission, authors of a
    publication or a return (with the reviewer's comment)."""
    url = reverse("knowledge:detail", args=[item.slug])
    if action == "submit":
        owner_networks = item.owner.networks.all() if item.owner else Network.objects.none()
        reviewers = people_of(networks=[*owner_networks, item.publisher_network])
        notify_review(step="submitted", recipients=reviewers, title=item.title, url=url)
    elif action in ("publish", "return"):
        authors = people_of(
            local_governments=[item.owner, *item.co_owners.all()],
            networks=[item.publisher_network],
            also=[item.created_by],
        )
        step = "published" if action == "publish" else "returned"
        notify_review(step=step, recipients=authors, title=item.title, url=url, comment=comment)


@transaction.atomic
def translation_save(
    *,
    actor: Actor,
    item: Item,
    language: str,
    title: str,
    summary: str,
    body: str,
    origin: str = Origin.HUMAN,
    barriers: str = "",
    enabling_factors: str = "",
    lessons: str = "",
) -> ItemTranslation:
    """Add or replace the version of an item in another language."""
    require(
        can_edit_item(actor, item),
        gettext("You may not edit this item."),
    )
    if language == item.language_id:
        raise ApplicationError(_("That is the item's original language; edit the item itself."))
    lang, _name = _language(language, "")
    if origin not in Origin.values:
        raise ApplicationError(_("Unknown origin %(origin)r.") % {"origin": origin})
    translation, _created = ItemTranslation.objects.update_or_create(
        item=item,
        language=lang,
        defaults={
            "title": title,
            "summary": summary,
            "body": body,
            "origin": origin,
            "barriers": barriers.strip(),
            "enabling_factors": enabling_factors.strip(),
            "lessons": lessons.strip(),
        },
    )
    validate(translation)
    _record_revision(item, author=person(actor), action=f"version-{language}")
    return translation


# Attachments ---------------------------------------------------------------------------------

# Extension -> (content type, leading bytes the file must start with).
ALLOWED_ATTACHMENTS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "webp": ("image/webp", (b"RIFF",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "odp": ("application/vnd.oasis.opendocument.presentation", (b"PK\x03\x04",)),
}


def check_upload(upload: UploadedFile[Any]) -> tuple[str, str]:
    """Return (safe file name, content type), or refuse the file with a reason."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_ATTACHMENTS:
        allowed = ", ".join(sorted(ALLOWED_ATTACHMENTS))
        raise ApplicationError(
            _("Files of type .%(value)s are not accepted. Accepted: %(allowed)s.")
            % {"value": extension or "?", "allowed": allowed}
        )
    limit = settings.PONTE_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ApplicationError(
            _("The file is larger than %(value)s MB.") % {"value": limit // (1024 * 1024)}
        )
    content_type, signatures = ALLOWED_ATTACHMENTS[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ApplicationError(
            _("The file's content does not match its .%(extension)s extension.")
            % {"extension": extension}
        )
    stem = slugify(name.rsplit(".", 1)[0])[:80] or "file"
    return f"{stem}.{extension}", content_type


@transaction.atomic
def attachment_add(
    *, actor: Actor, item: Item, upload: UploadedFile[Any], as_cover: bool = False
) -> Attachment:
    require(can_edit_item(actor, item), gettext("You may not add files to this item."))
    name, content_type = check_upload(upload)
    if as_cover and not content_type.startswith("image/"):
        raise ApplicationError(_("Only an image can be the cover."))
    attachment = Attachment(
        item=item,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=person(actor),
    )
    revision: Revision | None = None

    def undo() -> None:  # the file could not be written after the commit
        Attachment.objects.filter(pk=attachment.pk).delete()
        if revision is not None:
            Revision.objects.filter(pk=revision.pk).delete()

    save_on_commit(attachment.file, name, upload, undo=undo)
    attachment.save()
    if as_cover:
        Item.objects.filter(pk=item.pk).update(cover=attachment)
    revision = _record_revision(item, author=person(actor), action="attachment-added", comment=name)
    return attachment
