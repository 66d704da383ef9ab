"""Event pages added after the first cut: a committee's upcoming events on its page, and each
agenda item in each participating city's local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from ponte.accounts.permissions import SYSTEM
from ponte.events import services
from tests.events.conftest import EventWorld
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def test_a_committee_page_lists_the_committee_s_upcoming_events(ew: EventWorld) -> None:
    committee = CommitteeFactory(network=ew.aspac, name="Climate committee")
    ours = ew.event(title="Committee meeting on heat", committee=committee)
    other = ew.event(title="Unrelated webinar")
    draft = ew.event(title="Draft meeting", committee=committee, publish=False)
    page = Client().get(reverse("directory:committee", args=[committee.slug])).content.decode()
    assert "Upcoming events" in page
    assert ours.title in page
    assert other.title not in page and draft.title not in page
    assert reverse("events:committee-feed", args=[committee.slug]) in page


def test_each_agenda_item_shows_each_city_s_local_time(ew: EventWorld) -> None:
    start = datetime(2027, 6, 2, 13, 0, tzinfo=UTC)  # 10:00 in São Paulo, 20:00 in Jakarta
    event = ew.event(starts_at=start, ends_at=start + timedelta(hours=2))
    services.agenda_item_add(
        actor=SYSTEM,
        event=event,
        title="Second panel",
        starts_at=start + timedelta(minutes=30),
        ends_at=start + timedelta(hours=1),
    )
    ew.manila_member.timezone = "Europe/Lisbon"
    ew.manila_member.save()
    client = Client()
    client.force_login(ew.manila_member)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "14:30–15:00</time> Second panel" in page  # the reader's clock
    assert "(10:30 in São Paulo, 20:30 in Jakarta)" in page


def test_the_month_view_puts_each_event_on_the_day_it_starts_for_the_reader(
    ew: EventWorld,
) -> None:
    # 23:30 UTC on 30 June: 1 July in Jakarta, still 30 June in São Paulo.
    start = datetime(2027, 6, 30, 23, 30, tzinfo=UTC)
    ew.event(title="Late webinar", starts_at=start, ends_at=start + timedelta(hours=1))
    ew.event(
        title="Study visit",
        kind="study-visit",
        mode="in-person",
        venue="City hall",
        starts_at=start - timedelta(days=20),
        ends_at=start - timedelta(days=19),
    )
    client = Client()
    url = reverse("events:month")
    june = client.get(url, {"month": "2027-06", "tz": "America/Sao_Paulo"}).content.decode()
    assert "<caption>Events in June 2027</caption>" in june
    assert '<th scope="col">' in june
    cell = june.split('<span class="day-number">30</span>')[1].split("</td>")[0]
    assert "20:30" in cell and "Late webinar" in cell
    july = client.get(url, {"month": "2027-07", "tz": "Asia/Jakarta"}).content.decode()
    cell = july.split('<span class="day-number">1</span>')[1].split("</td>")[0]
    assert "06:30" in cell and "Late webinar" in cell
    assert (
        "Late webinar"
        not in client.get(url, {"month": "2027-06", "tz": "Asia/Jakarta"}).content.decode()
    )
    # The list's filters hold, and the months' links keep them.
    visits = client.get(url, {"month": "2027-06", "kind": "study-visit"}).content.decode()
    assert "Study visit" in visits and "Late webinar" not in visits
    assert 'href="?month=2027-05&amp;kind=study-visit" rel="prev"' in visits
    assert 'href="?month=2027-07&amp;kind=study-visit" rel="next"' in visits
    listing = client.get(reverse("events:list"), {"kind": "study-visit"}).content.decode()
    assert f'href="{url}?kind=study-visit"' in listing


@pytest.mark.parametrize("month", ["2027-13", "June", "2027-6", "2027-06-01"])
def test_the_month_view_refuses_a_bad_month(ew: EventWorld, month: str) -> None:
    response = Client().get(reverse("events:month"), {"month": month})
    assert response.status_code == 400
    assert "Give a month as YYYY-MM" in response.content.decode()


def test_a_time_picked_in_the_slot_finder_fills_the_event_form(ew: EventWorld) -> None:
    event = ew.event()
    client = Client()
    client.force_login(ew.jakarta_member)
    edit = reverse("events:edit", args=[event.slug])
    form = client.get(edit).content.decode()
    finder = reverse("events_slots:finder")
    expected = (
        f"{finder}?local_governments={ew.jakarta.pk}&amp;local_governments={ew.sao_paulo.pk}"
        f"&amp;then=%2Fevents%2F{event.slug}%2Fedit%2F"
    )
    assert expected in form
    # The finder opens with the cities chosen, and searching keeps where it came from.
    opened = client.get(finder, {"local_governments": [ew.jakarta.pk], "then": edit})
    assert opened.status_code == 200
    assert f'<option value="{ew.jakarta.pk}" selected>' in opened.content.decode()
    found = client.get(
        finder,
        {
            "local_governments": [ew.jakarta.pk, ew.sao_paulo.pk],
            "start": "2027-06-07",
            "end": "2027-06-11",
            "minutes": 90,
            "day_start": "08:00",
            "day_end": "18:00",
            "days": ["1", "2", "3", "4", "5"],
            "then": edit,
        },
    ).content.decode()
    assert f'<input type="hidden" name="then" value="{edit}">' in found
    pick = found.split(f'<a class="button" href="{edit}?')[1].split('"')[0]
    assert "Use " in found and " UTC for the event" in found
    params = dict(part.split("=") for part in pick.replace("&amp;", "&").split("&"))
    assert params["minutes"] == "90"
    start = datetime.strptime(params["start"].replace("%3A", ":"), "%Y-%m-%dT%H:%MZ")
    # Back on the form: the times are on the organiser's clock (Jakarta, UTC+7).
    refilled = client.get(edit, {"start": params["start"].replace("%3A", ":"), "minutes": 90})
    page = refilled.content.decode()
    local = start + timedelta(hours=7)
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in page
    assert f'value="{local + timedelta(minutes=90):%Y-%m-%dT%H:%M}"' in page
    assert client.get(edit, {"start": "tomorrow", "minutes": 90}).status_code == 400
    # A finder sent elsewhere than an event page links nowhere.
    away = client.get(finder, {"local_governments": [ew.jakarta.pk], "then": "https://x.org/"})
    assert 'name="then"' not in away.content.decode()
