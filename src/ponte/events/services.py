"""Writes to events: create, edit, publish and cancel (organisers only), language versions,
the agenda, registration with capacity and a waiting list that moves up by itself,
attendance, and what came out of the event (recording, minutes, presentations, follow-up
actions, "what we learnt" turned into a draft practice in the library).

Registration is the one write many people make at once on the same row: the event is locked
first (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite every transaction is `BEGIN IMMEDIATE`
(settings.py), so writers take the database's write lock in turn), and only then are the
confirmed places counted, so 20 people asking for 10 seats at once end 10 confirmed and 10
waiting."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from ponte.accounts.models import User
from ponte.accounts.permissions import (
    Actor,
    is_admin,
    member_of,
    person,
    require,
    signed_in_person,
    staff_of,
)
from ponte.community.models import Notification
from ponte.community.services import notify
from ponte.core.exceptions import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from ponte.core.files import save_on_commit
from ponte.core.validation import validate
from ponte.directory.lookups import resolve_tags
from ponte.directory.models import Language, LocalGovernment, Network
from ponte.directory.permissions import can_act_for, can_manage_network, can_moderate_for
from ponte.events.models import (
    AgendaItem,
    CalendarToken,
    Event,
    EventTranslation,
    FollowUpAction,
    Presentation,
    Registration,
    RegistrationMode,
    Status,
)
from ponte.events.permissions import can_edit_event, can_view_event
from ponte.knowledge import services as knowledge
from ponte.knowledge.models import Item, ItemType
from ponte.knowledge.services import check_upload

# What an event's form or the API may set; the organisers and links are set apart.
FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "timezone",
    "mode",
    "meeting_url",
    "venue",
    "venue_city",
    "latitude",
    "longitude",
    "registration",
    "capacity",
    "waiting_list",
    "registration_closes_at",
    "questions",
    "need",
    "interest",
    "partnership",
    "project",
    "programme",
    "committee",
)
# Changes that people who registered should hear about (and their calendars see).
NOTEWORTHY = ("starts_at", "ends_at", "timezone", "mode", "meeting_url", "venue", "venue_city")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:120] or "event"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _language(code: str | None) -> Language:
    try:
        return Language.objects.get(code=(code or "en").strip())
    except Language.DoesNotExist as exc:
        raise ApplicationError(
            gettext("Some fields are not valid."),
            errors={"language": [gettext("Unknown language.")]},
        ) from exc


def _languages(codes: Iterable[str], field: str) -> list[Language]:
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    found = list(Language.objects.filter(code__in=wanted))
    missing = sorted(set(wanted) - {lang.code for lang in found})
    if missing:
        raise ApplicationError(
            gettext("Some fields are not valid."),
            errors={
                field: [gettext("Unknown language: %(codes)s") % {"codes": ", ".join(missing)}]
            },
        )
    return found


def may_organise_for(
    actor: Actor, local_governments: Iterable[LocalGovernment], networks: Iterable[Network]
) -> bool:
    """May the actor organise an event in the name of these organisers?"""
    if is_admin(actor):
        return True
    return any(
        can_act_for(actor, lg) or can_moderate_for(actor, lg) for lg in local_governments
    ) or any(can_manage_network(actor, network) for network in networks)


def organisers_for(actor: Actor) -> tuple[list[LocalGovernment], list[Network]]:
    """Whom a person organises for by default: their local government or their network."""
    if lg := member_of(actor):
        return list(LocalGovernment.objects.filter(pk=lg)), []
    if network := staff_of(actor):
        return [], list(Network.objects.filter(pk=network))
    return [], []


def _apply(event: Event, data: dict[str, Any]) -> list[str]:
    """Set the fields given in `data`; return the names of those that changed."""
    changed = []
    for field in FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "questions":
            value = [str(q).strip()[:300] for q in value or [] if str(q).strip()]
        if isinstance(value, str) and field not in ("description",):
            value = value.strip()
        if getattr(event, field) != value:
            changed.append(field)
        setattr(event, field, value)
    return changed


def _set_relations(event: Event, data: dict[str, Any]) -> None:
    for name, objects in resolve_tags(data).items():
        getattr(event, name).set(objects)
    for field in ("languages", "interpretation"):
        if field in data:
            getattr(event, field).set(_languages(data[field] or [], field))
    if "participants" in data:
        event.participants.set(data["participants"] or [])


def _check(event: Event) -> None:
    """The model's own checks, with a clear message for the time zone."""
    validate(event, exclude=["slug", "practice", "created_by"])


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    data: dict[str, Any],
    local_governments: list[LocalGovernment] | None = None,
    networks: list[Network] | None = None,
    is_demo: bool = False,
) -> Event:
    """A draft event organised by these local governments and networks (by default, the
    actor's own). The actor must act for one of them."""
    if local_governments is None and networks is None:
        local_governments, networks = organisers_for(actor)
    local_governments, networks = local_governments or [], networks or []
    if not local_governments and not networks:
        raise ApplicationError(
            gettext("Choose the local governments or networks that organise the event.")
        )
    require(
        may_organise_for(actor, local_governments, networks),
        gettext("Only an organiser's focal points or network staff may create this event."),
    )
    event = Event(
        slug=_unique_slug(str(data.get("title") or "")),
        language=_language(data.get("language")),
        status=Status.DRAFT,
        created_by=person(actor),
        is_demo=is_demo,
    )
    _apply(event, data)
    _check(event)
    event.save()
    event.local_governments.set(local_governments)
    event.networks.set(networks)
    _set_relations(event, data)
    return event


def _locked(event: Event) -> Event:
    """The event, locked against other writers until the transaction ends."""
    rows = Event.objects.all()
    if connection.features.has_select_for_update:
        rows = rows.select_for_update()
    try:
        return rows.get(pk=event.pk)
    except Event.DoesNotExist as exc:
        raise NotFoundError(gettext("This event does not exist.")) from exc


def _registrants(event: Event) -> list[User]:
    return [
        r.user
        for r in event.registrations.select_related("user").filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
            user__is_active=True,
        )
    ]


def _event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.slug])


def _tell(event: Event, recipients: Iterable[User], text: Callable[[], str]) -> None:
    """Notify these people in the app, and by email with the event's `.ics` attached as each
    chose (events/emails.py): an email now, the daily digest, or none."""
    from ponte.events.tasks import send_event_emails_task

    event_id = event.pk

    def mail(ids: list[int]) -> None:
        send_event_emails_task.enqueue(event_id, ids)

    notify(
        recipients=recipients,
        kind=Notification.Kind.EVENT,
        text=text,
        url=_event_url(event),
        mail=mail,
    )


@transaction.atomic
def event_update(*, actor: Actor, event: Event, version: int, data: dict[str, Any]) -> Event:
    """Edit an event. `version` is what the editor loaded; if someone saved since, refuse.
    People who registered hear about a new time, place or link."""
    require(can_edit_event(actor, event), gettext("Only the organisers may edit this event."))
    locked = _locked(event)
    if locked.version != version:
        raise ConflictError(
            gettext("Someone else changed this event since you opened it. Reload it and retry.")
        )
    if locked.status == Status.CANCELLED:
        raise ApplicationError(gettext("This event is cancelled; it can no longer be changed."))
    if "language" in data:
        locked.language = _language(data["language"])
    changed = _apply(locked, data)
    _check(locked)
    noteworthy = [f for f in changed if f in NOTEWORTHY]
    locked.version = F("version") + 1
    if changed:
        locked.sequence = F("sequence") + 1
    locked.save()
    locked.refresh_from_db()
    _set_relations(locked, data)
    if noteworthy and locked.status == Status.PUBLISHED:
        title = locked.title
        _tell(
            locked,
            _registrants(locked),
            lambda: (
                gettext("“%(title)s” has changed: check its time, place and link.")
                % {"title": title}
            ),
        )
    return locked


@transaction.atomic
def event_publish(*, actor: Actor, event: Event) -> Event:
    require(can_edit_event(actor, event), gettext("Only the organisers may publish this event."))
    locked = _locked(event)
    if locked.status != Status.DRAFT:
        raise ApplicationError(gettext("Only a draft can be published."))
    locked.status = Status.PUBLISHED
    locked.published_at = timezone.now()
    _check(locked)
    locked.sequence += 1
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, reason: str = "") -> Event:
    """Cancel an event; everyone registered is told, and calendars show it cancelled."""
    require(can_edit_event(actor, event), gettext("Only the organisers may cancel this event."))
    locked = _locked(event)
    if locked.status == Status.CANCELLED:
        raise ApplicationError(gettext("This event is already cancelled."))
    was_published = locked.status == Status.PUBLISHED
    locked.status = Status.CANCELLED
    locked.sequence += 1
    locked.version += 1
    locked.save()
    if was_published:
        title, why = locked.title, reason.strip()[:300]
        _tell(
            locked,
            _registrants(locked),
            lambda: (
                gettext("“%(title)s” is cancelled: %(reason)s") % {"title": title, "reason": why}
                if why
                else gettext("“%(title)s” is cancelled.") % {"title": title}
            ),
        )
    return locked


@transaction.atomic
def translation_save(
    *, actor: Actor, event: Event, language: str, title: str, description: str = ""
) -> EventTranslation:
    """Add or replace the event's text in another language."""
    require(can_edit_event(actor, event), gettext("Only the organisers may edit this event."))
    lang = _language(language)
    if lang.code == event.language_id:
        raise ApplicationError(
            gettext("This is the event's original language: edit the event itself.")
        )
    version = EventTranslation.objects.filter(event=event, language=lang).first() or (
        EventTranslation(event=event, language=lang)
    )
    version.title, version.description = title.strip(), description
    validate(version)
    version.save()
    return version


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor,
    event: Event,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    speakers: str = "",
    local_governments: list[LocalGovernment] | None = None,
) -> AgendaItem:
    require(can_edit_event(actor, event), gettext("Only the organisers may edit this event."))
    item = AgendaItem(
        event=event, title=title.strip(), starts_at=starts_at, ends_at=ends_at, speakers=speakers
    )
    validate(item)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ApplicationError(
            gettext("Some fields are not valid."),
            errors={"starts_at": [gettext("An agenda item must fall within the event.")]},
        )
    item.save()
    item.local_governments.set(local_governments or [])
    return item


# Registration ---------------------------------------------------------------------------------


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def registration_is_open(event: Event, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    closes = event.registration_closes_at or event.ends_at
    return (
        event.status == Status.PUBLISHED
        and event.registration != RegistrationMode.CLOSED
        and now < closes
    )


@transaction.atomic
def registration_create(
    *, actor: Actor, event: Event, answers: list[str] | None = None
) -> Registration:
    """Register the actor. Past capacity they join the waiting list (the registration's
    status says so); registering twice, after registration closed, or uninvited to an event
    by invitation is refused."""
    user = signed_in_person(actor)
    locked = _locked(event)  # first: the count below must see every earlier registration
    if not can_view_event(actor, locked) or locked.status != Status.PUBLISHED:
        if locked.status == Status.CANCELLED:
            raise ApplicationError(gettext("This event is cancelled."))
        raise NotFoundError(gettext("This event does not exist."))
    if locked.registration == RegistrationMode.CLOSED:
        raise ApplicationError(gettext("Registration for this event is closed."))
    if not registration_is_open(locked):
        raise ApplicationError(gettext("Registration for this event has closed."))
    existing = Registration.objects.filter(event=locked, user=user).first()
    if existing is not None and existing.status in (
        Registration.Status.CONFIRMED,
        Registration.Status.WAITING,
    ):
        raise ConflictError(
            gettext("You are already registered for this event.")
            if existing.status == Registration.Status.CONFIRMED
            else gettext("You are already on the waiting list of this event.")
        )
    invited = existing is not None and existing.invited
    if locked.registration == RegistrationMode.INVITATION and not invited:
        raise PermissionDeniedError(gettext("This event is by invitation only."))
    answers = [str(a).strip()[:1000] for a in answers or []]
    if len(answers) > len(locked.questions):
        answers = answers[: len(locked.questions)]
    full = locked.capacity is not None and _confirmed_count(locked) >= locked.capacity
    if full and not locked.waiting_list:
        raise ApplicationError(gettext("This event is full."))
    registration = existing or Registration(event=locked, user=user)
    registration.status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
    registration.answers = answers
    registration.queued_at = timezone.now()
    validate(registration)
    registration.save()
    return registration


def _move_up(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served; tell each person."""
    if event.capacity is None:
        free = event.registrations.filter(status=Registration.Status.WAITING).count()
    else:
        free = max(0, event.capacity - _confirmed_count(event))
    moved = list(
        event.registrations.filter(status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("queued_at", "pk")[:free]
    )
    if not moved:
        return []
    Registration.objects.filter(pk__in=[r.pk for r in moved]).update(
        status=Registration.Status.CONFIRMED
    )
    title = event.title
    _tell(
        event,
        [r.user for r in moved],
        lambda: (
            gettext("A seat came free: you are now registered for “%(title)s”.") % {"title": title}
        ),
    )
    for registration in moved:
        registration.status = Registration.Status.CONFIRMED
    return moved


@transaction.atomic
def registration_cancel(*, actor: Actor, event: Event) -> Registration:
    """Give up one's place; the first person waiting moves up."""
    user = signed_in_person(actor)
    locked = _locked(event)
    registration = Registration.objects.filter(
        event=locked,
        user=user,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
    ).first()
    if registration is None:
        raise ApplicationError(gettext("You are not registered for this event."))
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if locked.status == Status.PUBLISHED:
        _move_up(locked)
    return registration


@transaction.atomic
def capacity_set(*, actor: Actor, event: Event, capacity: int | None) -> Event:
    """Change the number of seats; if it grew, the waiting list moves up."""
    require(can_edit_event(actor, event), gettext("Only the organisers may edit this event."))
    locked = _locked(event)
    locked.capacity = capacity
    _check(locked)
    locked.version += 1
    locked.save()
    if locked.status == Status.PUBLISHED:
        _move_up(locked)
    return locked


@transaction.atomic
def invitation_create(*, actor: Actor, event: Event, users: list[User]) -> list[Registration]:
    """Invite people to an event by invitation; they then register themselves."""
    require(can_edit_event(actor, event), gettext("Only the organisers may invite people."))
    invited = []
    for user in users:
        registration, created = Registration.objects.get_or_create(
            event=event,
            user=user,
            defaults={
                "status": Registration.Status.CANCELLED,
                "invited": True,
                "queued_at": timezone.now(),
            },
        )
        if not created and not registration.invited:
            registration.invited = True
            registration.save(update_fields=["invited"])
        invited.append(registration)
    title = event.title
    _tell(
        event,
        users,
        lambda: gettext("You are invited to “%(title)s”.") % {"title": title},
    )
    return invited


@transaction.atomic
def attendance_mark(*, actor: Actor, event: Event, attended: dict[int, bool]) -> int:
    """After the event, mark who came: {registration id: attended}."""
    require(can_edit_event(actor, event), gettext("Only the organisers may mark attendance."))
    if event.starts_at > timezone.now():
        raise ApplicationError(gettext("Attendance is marked once the event has started."))
    rows = {r.pk: r for r in event.registrations.filter(pk__in=list(attended))}
    unknown = sorted(set(attended) - set(rows))
    if unknown:
        raise ApplicationError(
            gettext("Some registrations are not of this event: %(ids)s")
            % {"ids": ", ".join(map(str, unknown))}
        )
    for pk, came in attended.items():
        Registration.objects.filter(pk=pk).update(attended=bool(came))
    return len(attended)


# After the event -------------------------------------------------------------------------------


@transaction.atomic
def outputs_save(
    *,
    actor: Actor,
    event: Event,
    recording_url: str | None = None,
    minutes: str | None = None,
    learnt: str | None = None,
) -> Event:
    require(can_edit_event(actor, event), gettext("Only the organisers may record outputs."))
    locked = _locked(event)
    if recording_url is not None:
        locked.recording_url = recording_url.strip()
    if minutes is not None:
        locked.minutes = minutes
    if learnt is not None:
        locked.learnt = learnt
    _check(locked)
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def presentation_add(
    *, actor: Actor, event: Event, title: str, upload: UploadedFile[Any]
) -> Presentation:
    """A presentation, checked by the library's upload rules (type, size, content)."""
    require(can_edit_event(actor, event), gettext("Only the organisers may add presentations."))
    name, content_type = check_upload(upload)
    presentation = Presentation(
        event=event,
        title=(title or name).strip(),
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=person(actor),
    )
    validate(presentation, exclude=["file"])

    def undo() -> None:
        Presentation.objects.filter(pk=presentation.pk).delete()

    save_on_commit(presentation.file, name, upload, undo=undo)
    presentation.save()
    return presentation


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    event: Event,
    title: str,
    owner: str,
    due_on: date | None = None,
    status: str = FollowUpAction.Status.OPEN,
    local_government: LocalGovernment | None = None,
) -> FollowUpAction:
    require(can_edit_event(actor, event), gettext("Only the organisers may add actions."))
    action = FollowUpAction(
        event=event,
        title=title.strip(),
        owner=owner.strip(),
        due_on=due_on,
        status=status,
        local_government=local_government,
    )
    validate(action)
    action.save()
    return action


@transaction.atomic
def action_set_status(*, actor: Actor, action: FollowUpAction, status: str) -> FollowUpAction:
    require(can_edit_event(actor, action.event), gettext("Only the organisers may do this."))
    action.status = status
    validate(action)
    action.save(update_fields=["status"])
    return action


@transaction.atomic
def practice_from_event(*, actor: Actor, event: Event) -> Item:
    """Turn "what we learnt" into a draft in the library: a practice of the organising local
    government the actor acts for (or the first), else a report of the organising network."""
    require(can_edit_event(actor, event), gettext("Only the organisers may do this."))
    if not event.learnt.strip():
        raise ApplicationError(gettext("Write what you learnt first."))
    if event.practice_id is not None:
        raise ConflictError(gettext("A draft was already made from this event."))
    organisers = list(event.local_governments.all())
    networks = list(event.networks.all())
    own_lg = member_of(actor)
    own_network = staff_of(actor)
    lg = next((o for o in organisers if o.pk == own_lg), None)
    network = next((n for n in networks if n.pk == own_network), None)
    if lg is None and network is None and is_admin(actor):
        lg = organisers[0] if organisers else None
        network = None if lg else (networks[0] if networks else None)
    if lg is None and network is None:
        raise PermissionDeniedError(
            gettext("Draft it in the name of your own organising local government or network.")
        )
    text = event.version_for(event.language_id)
    data = {
        "type": ItemType.PRACTICE if lg else ItemType.REPORT,
        "title": text.title[:300],
        "summary": (event.learnt.strip().split("\n\n")[0])[:2000],
        "body": f"{text.description}\n\n{event.learnt}".strip(),
        "language": event.language_id,
        "lessons": event.learnt[:20000],
        "themes": [t.slug for t in event.themes.all()],
        "sdg_targets": [t.code for t in event.sdg_targets.all()],
        "hazards": [h.slug for h in event.hazards.all()],
        "links": [_event_url(event)],
    }
    item = knowledge.item_create(
        actor=actor, owner=knowledge.Owner(local_government=lg, network=network), data=data
    )
    Event.objects.filter(pk=event.pk).update(practice=item)
    event.practice = item
    return item


# The private calendar address ------------------------------------------------------------------


@transaction.atomic
def calendar_token_renew(*, actor: Actor) -> CalendarToken:
    """A new secret address for the actor's calendar; the old one stops working."""
    user = signed_in_person(actor)
    CalendarToken.objects.filter(user=user).delete()
    return CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_token_revoke(*, actor: Actor) -> int:
    user = signed_in_person(actor)
    deleted, _ = CalendarToken.objects.filter(user=user).delete()
    return deleted
