"""Event pages: the list with its filters, an event with every time on the reader's clock,
registration, "my events", the organisers' forms, outputs after the event, and calendars."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.cooperation.models import Partnership, Project
from ponte.core.access import Access, public, signed_in
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from ponte.core.pagination import paginate
from ponte.core.views import error_page, serve_upload, submit
from ponte.directory.models import Committee, Language, Network, PonteRegion, Theme
from ponte.events import calendar, selectors, services
from ponte.events.forms import (
    ActionForm,
    AgendaItemForm,
    EventForm,
    OutputsForm,
    PresentationForm,
    TranslationForm,
)
from ponte.events.models import (
    CalendarToken,
    Event,
    FollowUpAction,
    Kind,
    Presentation,
    Registration,
    Status,
    known_time_zone,
)
from ponte.events.permissions import can_edit_event, can_view_event
from ponte.exchange.models import Need
from ponte.exchange.permissions import view_need
from ponte.matching.models import Interest
from ponte.matching.permissions import can_see_interest

ICS = "text/calendar; charset=utf-8"


def _visible(request: HttpRequest, slug: str) -> Event:
    return get_object_or_404(can_view_event.filter(request.user), slug=slug)


def _url(event: Event) -> str:
    return reverse("events:detail", args=[event.slug])


@public
def event_list(request: HttpRequest) -> HttpResponse:
    try:
        filters = selectors.parse_event_filters(request.GET)
    except ApplicationError as exc:
        return error_page(request, exc)
    events = selectors.event_list(request.user, filters)
    page = paginate(events, page=request.GET.get("page"), per_page=20)
    reader = selectors.reader_zone(request.user, request.GET.get("tz", ""))
    rows = [(event, selectors.clocks(event, reader)) for event in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "kinds": Kind.choices,
        "themes": Theme.objects.all(),
        "networks": Network.objects.all(),
        "regions": PonteRegion.choices,
        "languages": Language.objects.filter(code__in=["en", "es", "pt", "id"]),
        "committees": Committee.objects.all(),
        "reader_zone": reader,
        "month_url": reverse("events:month")
        + "?"
        + urlencode({k: v for k, v in filters.items() if v and k != "when"}),
    }
    return render(request, "events/list.html", context)


@public
def event_month(request: HttpRequest) -> HttpResponse:
    """The list's events (with its filters) on a calendar of one month, each on the day it
    starts on the reader's clock."""
    reader = selectors.reader_zone(request.user, request.GET.get("tz", ""))
    try:
        filters = selectors.parse_event_filters(request.GET)
        first = selectors.parse_month(
            request.GET.get("month", ""), selectors.on_clock(timezone.now(), reader).date()
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    events = selectors.event_list(request.user, {**filters, "when": "all"})
    previous, following = selectors.neighbour_months(first)

    def link(month: date) -> str:
        query = request.GET.copy()
        query["month"] = month.strftime("%Y-%m")
        query.pop("page", None)
        return "?" + query.urlencode()

    context = {
        "month": first,
        "weeks": selectors.month_grid(events, first, reader),
        "weekdays": selectors.month_grid(Event.objects.none(), first, reader)[0],
        "previous": (previous, link(previous)),
        "following": (following, link(following)),
        "list_url": reverse("events:list")
        + "?"
        + urlencode({k: v for k, v in filters.items() if v}),
        "reader_zone": reader,
    }
    return render(request, "events/month.html", context)


@public
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        can_view_event.filter(request.user)
        .select_related("language", "venue_city", "need", "partnership", "project", "committee")
        .prefetch_related(
            "translations",
            "local_governments",
            "networks",
            "participants",
            "themes",
            "languages",
            "interpretation",
            "agenda__local_governments",
            "presentations",
            "actions",
        ),
        slug=slug,
    )
    reader = selectors.reader_zone(request.user, request.GET.get("tz", ""))
    registration = selectors.registration_of(request.user, event)
    can_edit = can_edit_event(request.user, event)
    registered = registration is not None and registration.status == "confirmed"
    context = {
        "event": event,
        "text": event.version_for(),
        "clocks": selectors.clocks(event, reader),
        "reader_zone": reader,
        "agenda": selectors.agenda(event, reader),
        "registration": registration,
        "registration_open": services.registration_is_open(event),
        "show_link": registered or can_edit,
        "can_edit": can_edit,
        "confirmed": event.registrations.filter(status="confirmed").count(),
        "waiting": event.registrations.filter(status="waiting").count(),
        "slot_finder": _slot_finder_url(event),
    }
    return render(request, "events/detail.html", context)


def _slot_finder_url(event: Event) -> str:
    ids = [lg.pk for lg in [*event.local_governments.all(), *event.participants.all()]]
    return _finder_url(ids, reverse("events:edit", args=[event.slug]))


def _finder_url(ids: list[int], then: str) -> str:
    """The slot finder for these cities; each time it finds links back to the form `then`."""
    query = [("local_governments", str(pk)) for pk in dict.fromkeys(ids)]
    return reverse("events_slots:finder") + "?" + urlencode([*query, ("then", then)])


def _picked_time(request: HttpRequest, zone: str) -> dict[str, Any]:
    """A time picked in the slot finder (`?start=2027-06-02T13:00Z&minutes=90`): the form's
    start and end on the organiser's clock. A malformed one is refused."""
    start_text = request.GET.get("start", "")
    if request.method != "GET" or not start_text:
        return {}
    try:
        start = datetime.strptime(start_text, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
        minutes = int(request.GET.get("minutes", ""))
        if not 15 <= minutes <= 24 * 60:
            raise ValueError(minutes)
    except ValueError as exc:
        raise ApplicationError(
            _("Some fields are not valid."),
            errors={"starts_at": [_("Pick a time from the slot finder again.")]},
        ) from exc
    local = start.astimezone(zoneinfo.ZoneInfo(zone if known_time_zone(zone) else "UTC"))
    return {
        "starts_at": local.replace(tzinfo=None),
        "ends_at": (local + timedelta(minutes=minutes)).replace(tzinfo=None),
    }


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[], Any],
    done: str,
    then: Callable[[Any], str],
    title: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    submission = submit(request, form, save)
    if isinstance(submission.error, PermissionDeniedError):
        return error_page(request, submission.error)
    if submission.done:
        messages.success(request, done)
        return redirect(then(submission.saved))
    context = {"form": form, "title": title, "intro": intro, **(extra or {})}
    return render(request, "events/form.html", context, status=submission.status)


def _origin(request: HttpRequest) -> dict[str, Any]:
    """Where a new event comes from ("plan an exchange" on a need, a match, a partnership or
    a project): the record (if the reader may see it) and what the form starts with."""
    user = request.user
    found: dict[str, Any] = {}
    places: list[Any] = []
    themes: list[Any] = []
    title = ""
    try:
        if pk := request.GET.get("need"):
            need = get_object_or_404(view_need.filter(user, Need.objects.all()), pk=int(pk))
            found["need"] = need
            places, themes, title = [need.local_government], list(need.themes.all()), need.title
        if pk := request.GET.get("interest"):
            interest = get_object_or_404(
                can_see_interest.filter(user).filter(status=Interest.Status.ACCEPTED), pk=int(pk)
            )
            found["interest"] = interest
            places = [
                lg
                for lg in (interest.from_local_government, interest.to_local_government)
                if lg is not None
            ]
            title = interest.candidate_title
            if interest.need is not None:
                found["need"] = interest.need
                themes = list(interest.need.themes.all())
        if pk := request.GET.get("partnership"):
            partnership = get_object_or_404(Partnership, pk=int(pk))
            found["partnership"] = partnership
            places = [
                p.local_government
                for p in partnership.participants.all()
                if p.local_government is not None
            ]
            themes, title = list(partnership.themes.all()), partnership.title
        if pk := request.GET.get("project"):
            project = get_object_or_404(Project, pk=int(pk))
            found["project"] = project
            places, themes, title = list(project.locations.all()), list(project.themes.all()), ""
            title = project.title
    except ValueError as exc:
        raise Http404 from exc
    return {"links": found, "places": places, "themes": themes, "title": title}


@signed_in
def event_create(request: HttpRequest) -> HttpResponse:
    origin = _origin(request)
    own_lgs, own_networks = services.organisers_for(request.user)
    places = origin["places"]
    initial = {
        "kind": "peer-learning" if origin["links"] else "webinar",
        "title": origin["title"],
        "language": (request.LANGUAGE_CODE or "en")[:2],
        "timezone": (own_lgs[0].timezone if own_lgs and own_lgs[0].timezone else "")
        or getattr(request.user, "timezone", "")
        or "UTC",
        "mode": "online",
        "registration": "open",
        "waiting_list": True,
        "local_governments": [lg for lg in places if lg in own_lgs] or own_lgs,
        "networks": own_networks,
        "participants": [lg for lg in places if lg not in own_lgs],
        "themes": origin["themes"],
        "languages": list(Language.objects.filter(code=(request.LANGUAGE_CODE or "en")[:2])),
    }
    try:
        initial.update(_picked_time(request, initial["timezone"]))
    except ApplicationError as exc:
        return error_page(request, exc)
    form = EventForm(request.POST or None, initial=initial)
    if not (own_lgs or own_networks) and not getattr(request.user, "is_platform_admin", False):
        return error_page(
            request,
            PermissionDeniedError(
                _("Events are organised in the name of a local government or a network.")
            ),
        )

    def save() -> Event:
        data = {**form.service_data(), **origin["links"]}
        return services.event_create(
            actor=request.user,
            data=data,
            local_governments=list(form.cleaned_data["local_governments"]),
            networks=list(form.cleaned_data["networks"]),
        )

    ids = [lg.pk for lg in [*initial["local_governments"], *initial["participants"]]]
    return _form_page(
        request,
        form,
        save=save,
        done=_("Event saved as a draft. Publish it when it is ready."),
        then=_url,
        title=_("Plan an event"),
        intro=_("Times are typed on the organiser's clock; everyone sees them on their own."),
        extra={"slot_finder": _finder_url(ids, request.get_full_path())},
    )


@signed_in
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    if not can_edit_event(request.user, event):
        return error_page(request, PermissionDeniedError(_("Only the organisers may do this.")))
    initial = EventForm.initial_for(event)
    try:
        initial.update(_picked_time(request, event.timezone))
    except ApplicationError as exc:
        return error_page(request, exc)
    form = EventForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        save=lambda: services.event_update(
            actor=request.user,
            event=event,
            version=int(form.cleaned_data.get("version") or 0),
            data=form.service_data(),
        ),
        done=_("Event saved."),
        then=_url,
        title=_("Edit the event"),
        extra={"slot_finder": _slot_finder_url(event)},
    )


def _act(request: HttpRequest, event: Event, action: Callable[[], Any], done: str) -> HttpResponse:
    try:
        action()
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, done)
    return redirect(_url(event))


@require_POST
@signed_in
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    return _act(
        request,
        event,
        lambda: services.event_publish(actor=request.user, event=event),
        _("The event is published."),
    )


@require_POST
@signed_in
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    return _act(
        request,
        event,
        lambda: services.event_cancel(
            actor=request.user, event=event, reason=request.POST.get("reason", "")
        ),
        _("The event is cancelled; everyone registered is told."),
    )


@require_POST
@signed_in
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    answers = request.POST.getlist("answer")
    try:
        registration = services.registration_create(
            actor=request.user, event=event, answers=answers
        )
    except ApplicationError as exc:
        return error_page(request, exc)
    if registration.status == Registration.Status.WAITING:
        messages.warning(
            request,
            _("The event is full: you are on the waiting list, and will be told if a seat frees."),
        )
    else:
        messages.success(request, _("You are registered."))
    return redirect(_url(event))


@require_POST
@signed_in
def unregister(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    return _act(
        request,
        event,
        lambda: services.registration_cancel(actor=request.user, event=event),
        _("Your registration is cancelled."),
    )


@signed_in
def my_events(request: HttpRequest) -> HttpResponse:
    reader = selectors.reader_zone(request.user)
    registrations = [
        (r, selectors.clocks(r.event, reader)) for r in selectors.my_registrations(request.user)
    ]
    organised = [
        (e, selectors.clocks(e, reader))
        for e in can_edit_event.filter(request.user, Event.objects.all())
        .prefetch_related("translations", "local_governments", "participants")
        .order_by("-starts_at")[:50]
    ]
    token = CalendarToken.objects.filter(user_id=request.user.pk or 0).first()
    context = {
        "registrations": registrations,
        "organised": organised if not getattr(request.user, "is_platform_admin", False) else [],
        "token": token,
        "private_feed": request.build_absolute_uri(
            reverse("events:private-feed", args=[token.token])
        )
        if token
        else "",
        "reader_zone": reader,
    }
    return render(request, "events/mine.html", context)


@require_POST
@signed_in
def calendar_renew(request: HttpRequest) -> HttpResponse:
    services.calendar_token_renew(actor=request.user)
    messages.success(request, _("Your private calendar has a new address; the old one stopped."))
    return redirect("events:mine")


@require_POST
@signed_in
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_token_revoke(actor=request.user)
    messages.success(request, _("Your private calendar address no longer works."))
    return redirect("events:mine")


@signed_in
def outputs(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    if not can_edit_event(request.user, event):
        return error_page(request, PermissionDeniedError(_("Only the organisers may do this.")))
    form = OutputsForm(
        request.POST or None,
        initial={
            "version": event.version,
            "recording_url": event.recording_url,
            "minutes": event.minutes,
            "learnt": event.learnt,
        },
    )
    return _form_page(
        request,
        form,
        save=lambda: services.outputs_save(
            actor=request.user,
            event=event,
            recording_url=form.cleaned_data["recording_url"],
            minutes=form.cleaned_data["minutes"],
            learnt=form.cleaned_data["learnt"],
        ),
        done=_("Outputs saved."),
        then=_url,
        title=_("After the event"),
    )


def _organiser_form(
    request: HttpRequest,
    slug: str,
    form_class: Any,
    save: Callable[[Event, Any], Any],
    *,
    done: str,
    title: str,
) -> HttpResponse:
    event = _visible(request, slug)
    if not can_edit_event(request.user, event):
        return error_page(request, PermissionDeniedError(_("Only the organisers may do this.")))
    form = form_class(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        save=lambda: save(event, form.cleaned_data),
        done=done,
        then=lambda _saved: _url(event),
        title=title,
        intro=event.title,
    )


@signed_in
def presentation_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _organiser_form(
        request,
        slug,
        PresentationForm,
        lambda event, data: services.presentation_add(
            actor=request.user, event=event, title=data["title"], upload=data["file"]
        ),
        done=_("Presentation added."),
        title=_("Add a presentation"),
    )


@signed_in
def action_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _organiser_form(
        request,
        slug,
        ActionForm,
        lambda event, data: services.action_add(actor=request.user, event=event, **data),
        done=_("Follow-up action added."),
        title=_("Add a follow-up action"),
    )


@signed_in
def translation_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _organiser_form(
        request,
        slug,
        TranslationForm,
        lambda event, data: services.translation_save(actor=request.user, event=event, **data),
        done=_("Language version saved."),
        title=_("Add a language version"),
    )


@signed_in
def agenda_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)

    def save(event: Event, data: dict[str, Any]) -> Any:
        zone = event.zone
        return services.agenda_item_add(
            actor=request.user,
            event=event,
            title=data["title"],
            starts_at=data["starts_at"].replace(tzinfo=None).replace(tzinfo=zone),
            ends_at=data["ends_at"].replace(tzinfo=None).replace(tzinfo=zone),
            speakers=data["speakers"],
            local_governments=list(data["local_governments"]),
        )

    return _organiser_form(
        request,
        event.slug,
        AgendaItemForm,
        save,
        done=_("Agenda item added."),
        title=_("Add to the agenda"),
    )


@require_POST
@signed_in
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        FollowUpAction.objects.filter(event__in=can_view_event.filter(request.user)), pk=pk
    )
    return _act(
        request,
        action.event,
        lambda: services.action_set_status(
            actor=request.user, action=action, status=request.POST.get("status", "")
        ),
        _("Status saved."),
    )


@require_POST
@signed_in
def practice_from_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    try:
        item = services.practice_from_event(actor=request.user, event=event)
    except ApplicationError as exc:
        return error_page(request, exc)
    messages.success(request, _("A draft is ready in the library: complete it and submit it."))
    return redirect(reverse("knowledge:edit", args=[item.slug]))


@signed_in
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    if not can_edit_event(request.user, event):
        return error_page(request, PermissionDeniedError(_("Only the organisers may do this.")))
    registrations = event.registrations.filter(status="confirmed").select_related("user")
    if request.method == "POST":
        came = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
        try:
            services.attendance_mark(
                actor=request.user,
                event=event,
                attended={r.pk: r.pk in came for r in registrations},
            )
        except ApplicationError as exc:
            return error_page(request, exc)
        messages.success(request, _("Attendance saved."))
        return redirect(_url(event))
    return render(
        request, "events/attendance.html", {"event": event, "registrations": registrations}
    )


@public
def presentation(request: HttpRequest, pk: int) -> Any:
    found = get_object_or_404(
        Presentation.objects.filter(event__in=can_view_event.filter(request.user)), pk=pk
    )
    return serve_upload(found.file, name=found.name, content_type=found.content_type)


# Calendars -------------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible(request, slug)
    show = selectors.is_registered(request.user, event) or can_edit_event(request.user, event)
    body = calendar.calendar([event], name=event.title, with_link=lambda _e: show)
    return _ics(body, f"{event.slug}.ics")


def _public_events() -> Any:
    return (
        Event.objects.filter(status__in=[Status.PUBLISHED, Status.CANCELLED])
        .select_related("venue_city")
        .prefetch_related("local_governments", "networks")
        .order_by("starts_at")
    )


@public
def feed(request: HttpRequest) -> HttpResponse:
    body = calendar.calendar(_public_events(), name=_("Ponte events"), with_link=lambda _e: False)
    return _ics(body, "ponte-events.ics")


@public
def network_feed(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    events = _public_events().filter(
        pk__in=Event.objects.filter(networks=network).values("pk")
        | Event.objects.filter(local_governments__memberships__network=network).values("pk")
    )
    body = calendar.calendar(events, name=str(network), with_link=lambda _e: False)
    return _ics(body, f"{network.slug}.ics")


@public
def theme_feed(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    events = _public_events().filter(pk__in=Event.objects.filter(themes=theme).values("pk"))
    body = calendar.calendar(events, name=theme.label, with_link=lambda _e: False)
    return _ics(body, f"{theme.slug}.ics")


@public
def committee_feed(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    events = _public_events().filter(committee=committee)
    body = calendar.calendar(events, name=committee.name, with_link=lambda _e: False)
    return _ics(body, f"{committee.slug}.ics")


@public
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """What one person registered for, at a secret address (no sign-in: calendar applications
    cannot sign in). A revoked or renewed address is a 404."""
    found = CalendarToken.objects.filter(token=token).select_related("user").first()
    if found is None or not found.user.is_active:
        raise Http404
    registrations = selectors.my_registrations(found.user).filter(
        event__status__in=[Status.PUBLISHED, Status.CANCELLED]
    )
    confirmed = {r.event_id for r in registrations if r.status == "confirmed"}
    body = calendar.calendar(
        [r.event for r in registrations],
        name=_("My events on Ponte"),
        with_link=lambda e: e.pk in confirmed,
    )
    return _ics(body, "my-events.ics")


class EventFeed(Feed[Any, Any]):
    """Atom feed of published events, newest first, each in the reader's language where a
    version exists, with its time on the organiser's clock."""

    ponte_access = Access.PUBLIC
    feed_type = Atom1Feed

    def title(self, obj: None) -> str:
        return _("Ponte: events")

    def link(self, obj: None) -> str:
        return reverse("events:list")

    def subtitle(self, obj: None) -> str:
        return _("Webinars, exchanges, study visits and trainings published on Ponte.")

    def items(self, obj: None) -> Any:
        return selectors.published_feed()

    def item_title(self, item: Event) -> str:
        return item.version_for().title

    def item_description(self, item: Event) -> str:
        zone = item.timezone
        clock = selectors.Clock(
            zone,
            zone,
            selectors.on_clock(item.starts_at, zone),
            selectors.on_clock(item.ends_at, zone),
        )
        when = f"{clock.date_text}, {clock.start_text}–{clock.end_text} ({clock.zone})"
        return f"{when}\n\n{item.version_for().description}".strip()

    def item_link(self, item: Event) -> str:
        return _url(item)

    def item_pubdate(self, item: Event) -> Any:
        return item.published_at

    def item_updateddate(self, item: Event) -> Any:
        return item.updated_at
