"""The meeting-slot finder's page (/events/slots/), and what it shares with the API
(`slot_api.py`): local governments turned into the engine's participants, and the engine's
refusals turned into translated messages naming the field at fault."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ponte.core.access import public
from ponte.core.collation import in_reader_order
from ponte.core.exceptions import ApplicationError
from ponte.core.limits import check_rate
from ponte.directory.models import City, LocalGovernment
from ponte.events.meeting_slots import (
    DEFAULT_DAY_END,
    DEFAULT_DAY_START,
    DEFAULT_LIMIT,
    MONDAY_TO_FRIDAY,
    Participant,
    SlotError,
    SlotErrorCode,
    SlotSearch,
    WorkingHours,
    find_slots,
)

# Where each refusal is shown: the same names in the API's query and the page's form.
FIELD_OF = {
    SlotErrorCode.NO_PARTICIPANTS: "local_governments",
    SlotErrorCode.UNKNOWN_TIME_ZONE: "local_governments",
    SlotErrorCode.END_BEFORE_START: "end",
    SlotErrorCode.RANGE_TOO_LONG: "end",
    SlotErrorCode.BAD_DURATION: "minutes",
    SlotErrorCode.BAD_WORKING_HOURS: "day_end",
    SlotErrorCode.BAD_LIMIT: "limit",
}

# The rate-limit scope: the finder is as cheap (or dear) to answer as a search.
RATE_SCOPE = "search"


def _refused(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, errors={field: [message]})


def slot_error_message(error: SlotError, names: dict[int | str, str]) -> str:
    """The engine's refusal in the reader's language."""
    params = error.params
    match error.code:
        case SlotErrorCode.NO_PARTICIPANTS:
            return _("Choose at least one local government.")
        case SlotErrorCode.UNKNOWN_TIME_ZONE:
            participant = params.get("participant")
            name = names.get(participant, "") if isinstance(participant, int | str) else ""
            return _("%(name)s has a time zone Ponte does not know: “%(zone)s”.") % {
                "name": name or participant,
                "zone": params.get("time_zone"),
            }
        case SlotErrorCode.END_BEFORE_START:
            return _("The last day is before the first day.")
        case SlotErrorCode.RANGE_TOO_LONG:
            return _("Search at most %(max)s days at a time; these dates span %(days)s days.") % {
                "max": params["max_days"],
                "days": params["days"],
            }
        case SlotErrorCode.BAD_DURATION:
            return _("A meeting lasts from 1 to %(max)s minutes.") % {"max": params["max_minutes"]}
        case SlotErrorCode.BAD_WORKING_HOURS:
            return _("Working hours must end after they start, on at least one day of the week.")
        case SlotErrorCode.BAD_LIMIT:
            return _("Ask for 1 to %(max)s slots.") % {"max": params["max_limit"]}


def _largest_city_zone(country: str) -> str:
    city = City.objects.filter(country_id=country).exclude(timezone="").order_by("-population")
    return city.values_list("timezone", flat=True).first() or ""


def time_zone_of(lg: LocalGovernment) -> str:
    """The local government's own time zone; else its GeoNames city's; else that of its
    country's most populous city (every city of a one-zone country is in that zone)."""
    if lg.timezone:
        return lg.timezone
    if lg.city is not None and lg.city.timezone:
        return lg.city.timezone
    return _largest_city_zone(lg.country_id)


def participants_for(ids: Sequence[int]) -> list[tuple[LocalGovernment, Participant]]:
    """The local governments of `ids` (in that order, each once) as participants; an
    ApplicationError names the ids that are no local government's."""
    wanted = list(dict.fromkeys(ids))
    found = LocalGovernment.objects.select_related("city").in_bulk(wanted)
    unknown = [str(pk) for pk in wanted if pk not in found]
    if unknown:
        raise _refused(
            "local_governments",
            ngettext(
                "No local government has the id %(ids)s.",
                "No local governments have the ids %(ids)s.",
                len(unknown),
            )
            % {"ids": ", ".join(unknown)},
        )
    pairs = []
    for pk in wanted:
        lg = found[pk]
        zone = time_zone_of(lg)
        if not zone:
            raise _refused(
                "local_governments",
                _("%(name)s has no time zone yet: set one on its profile.") % {"name": lg.name},
            )
        pairs.append((lg, Participant(id=lg.pk, time_zone=zone, country=lg.country_id)))
    return pairs


def slot_search(
    *,
    local_governments: Sequence[int],
    first_day: date,
    last_day: date,
    minutes: int,
    hours: WorkingHours | None = None,
    limit: int = DEFAULT_LIMIT,
) -> tuple[SlotSearch, dict[int | str, LocalGovernment]]:
    """Run the finder for local governments; its refusals become ApplicationErrors (400)
    whose `errors` name the field at fault."""
    pairs = participants_for(local_governments)
    by_id: dict[int | str, LocalGovernment] = {p.id: lg for lg, p in pairs}
    try:
        found = find_slots(
            [p for _lg, p in pairs], first_day, last_day, minutes, hours=hours, limit=limit
        )
    except SlotError as exc:
        message = slot_error_message(exc, {pk: lg.name for pk, lg in by_id.items()})
        raise _refused(FIELD_OF[exc.code], message) from exc
    return found, by_id


# The page -----------------------------------------------------------------------------------

ISO_WEEKDAYS = [(str(number + 1), name) for number, name in WEEKDAYS.items()]


def _next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


class SlotForm(forms.Form):
    local_governments = in_reader_order(
        forms.ModelMultipleChoiceField(
            label=gettext_lazy("Local governments taking part"),
            queryset=LocalGovernment.objects.all(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."),
        )
    )
    start = forms.DateField(
        label=gettext_lazy("First day (UTC)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Last day (UTC)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes = forms.IntegerField(
        label=gettext_lazy("Length of the meeting in minutes"),
        widget=forms.NumberInput(attrs={"step": 15}),
    )
    # The hours may be left out (a link shared with the cities, dates and days): 08:00-18:00, as
    # the API assumes.
    day_start = forms.TimeField(
        required=False,
        label=gettext_lazy("Working day starts at (local time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    day_end = forms.TimeField(
        required=False,
        label=gettext_lazy("Working day ends at (local time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    days = forms.MultipleChoiceField(
        label=gettext_lazy("Working days"),
        choices=ISO_WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    @classmethod
    def initial_values(cls, today: date) -> dict[str, Any]:
        first = _next_monday(today)
        return {
            "start": first,
            "end": first + timedelta(days=4),
            "minutes": 60,
            "day_start": DEFAULT_DAY_START,
            "day_end": DEFAULT_DAY_END,
            "days": [str(day + 1) for day in sorted(MONDAY_TO_FRIDAY)],
        }

    def hours(self) -> WorkingHours:
        data = self.cleaned_data
        return WorkingHours(
            start=data["day_start"] or DEFAULT_DAY_START,
            end=data["day_end"] or DEFAULT_DAY_END,
            weekdays=frozenset(int(day) - 1 for day in data["days"]),
        )


@dataclass(frozen=True)
class LocalTime:
    """One participant's side of a slot, ready to show."""

    name: str
    start: datetime
    end: datetime
    start_text: str
    end_text: str
    offset: str
    outside_minutes: int


@dataclass(frozen=True)
class SlotRow:
    start_utc: datetime
    start_text: str
    outside_minutes: int
    people: list[LocalTime]


def utc_offset(moment: datetime) -> str:
    """UTC+07:00, UTC−03:00 (with a real minus sign)."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _when(moment: datetime) -> str:
    # date_format reads the datetime's own wall time: no conversion to the reader's zone.
    return date_format(moment, "D j M Y, H:i")


def slot_rows(found: SlotSearch, by_id: dict[int | str, LocalGovernment]) -> list[SlotRow]:
    return [
        SlotRow(
            start_utc=slot.start_utc,
            start_text=_when(slot.start_utc),
            outside_minutes=slot.outside_minutes,
            people=[
                LocalTime(
                    name=by_id[person.participant].name,
                    start=person.local_start,
                    end=person.local_end,
                    start_text=_when(person.local_start),
                    end_text=_when(person.local_end),
                    offset=utc_offset(person.local_start),
                    outside_minutes=person.outside_minutes,
                )
                for person in slot.participants
            ],
        )
        for slot in found.slots
    ]


def _form_path(then: str) -> str:
    """The event form a search came from, if it is one of Ponte's event pages (else none)."""
    if not then.startswith("/events/") or not url_has_allowed_host_and_scheme(then, None):
        return ""
    return then


def _pick_url(then: str, start: datetime, minutes: int) -> str:
    """The event form again, with `start` (UTC) and `minutes` that fill its times."""
    path, _sep, query = then.partition("?")
    params = QueryDict(query, mutable=True)
    params["start"] = start.strftime("%Y-%m-%dT%H:%MZ")
    params["minutes"] = str(minutes)
    return f"{path}?{params.urlencode()}"


def _ids(values: Iterable[LocalGovernment]) -> list[int]:
    return [lg.pk for lg in values]


@public
def slot_finder(request: HttpRequest) -> HttpResponse:
    """The form, and the best slots for what it asks (a GET: a search can be bookmarked)."""
    # Coming from the event form: its cities are chosen, and each time found links back to it.
    then = _form_path(request.GET.get("then", ""))
    searching = bool(set(request.GET) - {"local_governments", "then"})
    today = timezone.localdate()
    initial = SlotForm.initial_values(today)
    if not searching:
        initial["local_governments"] = [
            int(pk) for pk in request.GET.getlist("local_governments") if pk.isdigit()
        ]
    form = SlotForm(request.GET if searching else None, initial=initial)
    context: dict[str, Any] = {
        "form": form,
        "rows": None,
        "no_common_hours": False,
        "then": then,
        "picks": [],
    }
    status = 200
    headers: dict[str, str] = {}
    if searching and form.is_valid():
        data = form.cleaned_data
        try:
            check_rate(request, RATE_SCOPE)
            found, by_id = slot_search(
                local_governments=_ids(data["local_governments"]),
                first_day=data["start"],
                last_day=data["end"],
                minutes=data["minutes"],
                hours=form.hours(),
            )
        except ApplicationError as exc:
            status, headers = exc.status, exc.headers
            if exc.errors:
                for field, messages in exc.errors.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, exc.message)
        else:
            context["rows"] = slot_rows(found, by_id)
            context["picks"] = [
                (row, _pick_url(then, row.start_utc, data["minutes"]) if then else "")
                for row in context["rows"]
            ]
            context["no_common_hours"] = found.no_common_hours
            context["minutes"] = data["minutes"]
    elif searching:
        status = 400
    response = render(request, "events/slots.html", context, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


__all__ = [
    "SlotForm",
    "participants_for",
    "slot_error_message",
    "slot_finder",
    "slot_search",
]
