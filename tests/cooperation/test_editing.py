"""Editing partnerships and projects after they are recorded: updates with conflicts, status
changes, money, organisations and result periods, as services and on the web."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils.formats import date_format
from lxml import html

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.cooperation import services
from ponte.cooperation.models import (
    Budget,
    Partnership,
    Project,
    ProjectOrganisation,
    ResultPeriod,
    Transaction,
)
from ponte.cooperation.permissions import can_edit_project
from ponte.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from tests.cooperation.factories import PartnershipFactory, ProjectFactory
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    """Surabaya (UCLG ASPAC) and Recife (Mercociudades) in a partnership with one project;
    Lima, also in Mercociudades, is not part of it."""
    aspac, merco = NetworkFactory(slug="uclg-aspac"), NetworkFactory(slug="mercociudades")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    lima = LocalGovernmentFactory(city_name="Lima", slug="lima")
    MembershipFactory(local_government=surabaya, network=aspac)
    MembershipFactory(local_government=recife, network=merco)
    MembershipFactory(local_government=lima, network=merco)
    partnership = PartnershipFactory(title="Surabaya – Recife", parties=[surabaya, recife])
    project = ProjectFactory(
        title="Waste banks", partnership=partnership, implementers=[surabaya, recife]
    )
    return {
        "surabaya": surabaya,
        "recife": recife,
        "lima": lima,
        "aspac": aspac,
        "partnership": partnership,
        "project": project,
        "participant": UserFactory(role=Role.MEMBER, local_government=surabaya),
        "other_city": UserFactory(role=Role.MEMBER, local_government=lima),
        "aspac_staff": UserFactory(role=Role.NETWORK_STAFF, network=aspac),
        "admin": UserFactory(role=Role.PLATFORM_ADMIN),
    }


def _partnership_changes(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Surabaya – Recife waste exchange",
        "kind": "mou",
        "description": "Two cities, one goal.",
        "start_date": date(2025, 1, 1),
        "end_date": date(2027, 12, 31),
        "themes": ["waste"],
        "sdg_targets": ["12.5"],
        **changes,
    }


def _project_changes(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Waste banks in every kampung",
        "description": "Households save by recycling.",
        "planned_start": date(2025, 3, 1),
        "planned_end": date(2026, 12, 31),
        "actual_start": date(2025, 4, 1),
        "actual_end": None,
        "themes": ["waste"],
        "sdg_targets": ["11.6"],
        **changes,
    }


# Services ------------------------------------------------------------------------------------


def test_partners_update_a_partnership_and_each_save_is_a_new_version(world: dict) -> None:
    p = services.partnership_update(
        actor=world["participant"],
        partnership=world["partnership"],
        version=1,
        **_partnership_changes(),
    )
    p.refresh_from_db()
    assert (p.title, p.kind, p.version) == ("Surabaya – Recife waste exchange", "mou", 2)
    assert [t.slug for t in p.themes.all()] == ["waste"]
    assert [t.code for t in p.sdg_targets.all()] == ["12.5"]
    p = services.partnership_update(
        actor=world["admin"], partnership=p, version=2, **_partnership_changes(themes=[])
    )
    assert not p.themes.exists() and p.version == 3


def test_a_stale_partnership_edit_conflicts_and_never_overwrites(world: dict) -> None:
    partnership = world["partnership"]
    services.partnership_update(
        actor=world["participant"],
        partnership=partnership,
        version=1,
        **_partnership_changes(title="First editor's title"),
    )
    with pytest.raises(ConflictError, match="Someone else changed this partnership"):
        services.partnership_update(
            actor=world["aspac_staff"],
            partnership=partnership,
            version=1,
            **_partnership_changes(title="Second editor's title"),
        )
    partnership.refresh_from_db()
    assert (partnership.title, partnership.version) == ("First editor's title", 2)


def test_bad_partnership_edits_write_nothing(world: dict) -> None:
    partnership = world["partnership"]
    bad_changes = (
        {"start_date": date(2026, 1, 1), "end_date": date(2025, 1, 1)},
        {"sdg_targets": ["18.1"]},
        {"kind": "marriage"},
        {"title": "  "},
    )
    for bad in bad_changes:
        with pytest.raises(ApplicationError) as caught:
            services.partnership_update(
                actor=world["admin"],
                partnership=partnership,
                version=1,
                **_partnership_changes(**bad),
            )
        assert set(caught.value.errors) & {"end_date", "sdg_targets", "kind", "title"}
    for actor in (world["other_city"], AnonymousUser()):
        with pytest.raises(PermissionDeniedError):
            services.partnership_update(
                actor=actor, partnership=partnership, version=1, **_partnership_changes()
            )
    partnership.refresh_from_db()
    assert (partnership.title, partnership.version) == ("Surabaya – Recife", 1)
    assert not partnership.themes.exists()


def test_participants_update_a_project_and_a_status_change_makes_edits_stale(
    world: dict,
) -> None:
    project = world["project"]
    with pytest.raises(ApplicationError) as caught:
        services.project_update(
            actor=world["participant"],
            project=project,
            version=1,
            **_project_changes(actual_start=date(2025, 4, 1), actual_end=date(2025, 3, 1)),
        )
    assert "actual_end" in caught.value.errors
    with pytest.raises(PermissionDeniedError):
        services.project_update(
            actor=world["other_city"], project=project, version=1, **_project_changes()
        )
    project.refresh_from_db()
    assert (project.title, project.version, project.actual_start) == ("Waste banks", 1, None)

    project = services.project_update(
        actor=world["participant"], project=project, version=1, **_project_changes()
    )
    assert (project.title, project.actual_start, project.version) == (
        "Waste banks in every kampung",
        date(2025, 4, 1),
        2,
    )
    services.project_transition(
        actor=world["admin"], project=project, status=Project.Status.IMPLEMENTATION, version=2
    )
    with pytest.raises(ConflictError):  # opened before the status changed
        services.project_update(
            actor=world["participant"],
            project=project,
            version=2,
            **_project_changes(title="Stale"),
        )
    project.refresh_from_db()
    assert (project.title, project.status) == ("Waste banks in every kampung", 2)


def test_transactions_with_bad_amounts_currencies_or_types_write_nothing(world: dict) -> None:
    project = world["project"]
    for bad in (
        {"value": "-1", "currency": "EUR", "type": 3},
        {"value": "NaN", "currency": "EUR", "type": 3},
        {"value": "12", "currency": "XYZ", "type": 3},
        {"value": "12", "currency": "EUR", "type": 9},
    ):
        with pytest.raises(ApplicationError):
            services.transaction_add(
                actor=world["participant"], project=project, date=date(2025, 5, 1), **bad
            )
    with pytest.raises(PermissionDeniedError):
        services.transaction_add(
            actor=world["other_city"],
            project=project,
            type=3,
            date=date(2025, 5, 1),
            value="12",
            currency="EUR",
        )
    with pytest.raises(ApplicationError):
        services.budget_add(
            actor=world["participant"],
            project=project,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            value="100",
            currency="EUR",
            type=7,
        )
    assert not Transaction.objects.exists() and not Budget.objects.exists()


def test_organisations_join_a_project_with_an_iati_role(world: dict) -> None:
    project, lima = world["project"], world["lima"]
    assert not can_edit_project(world["other_city"], project)
    with pytest.raises(PermissionDeniedError):
        services.project_organisation_add(
            actor=world["other_city"], project=project, role=4, local_government=lima
        )
    added = services.project_organisation_add(
        actor=world["participant"], project=project, role=4, local_government=lima
    )
    assert (added.name, added.type) == ("Lima", "10")
    assert lima in project.locations.all()  # implementing: it is where the project happens
    assert can_edit_project(world["other_city"], project)  # Lima is a participant now
    funder = services.project_organisation_add(
        actor=world["admin"], project=project, role=1, name=" European Union ", type="40"
    )
    assert (funder.name, funder.type, funder.local_government) == ("European Union", "40", None)
    network = services.project_organisation_add(
        actor=world["admin"], project=project, role=2, network=world["aspac"]
    )
    assert network.type == "21"
    for bad in (
        {"role": 1, "name": "european union"},  # already the funder
        {"role": 4},  # nobody
        {"role": 4, "local_government": lima, "name": "Lima"},  # two at once
        {"role": 8, "name": "Agency"},
    ):
        with pytest.raises(ApplicationError):
            services.project_organisation_add(actor=world["admin"], project=project, **bad)
    assert project.organisations.count() == 5


def test_a_result_period_records_an_actual_value_later(world: dict) -> None:
    project = world["project"]
    result = services.result_add(
        actor=world["participant"],
        project=project,
        title="Banks",
        indicator="Active waste banks",
        unit="banks",
        periods=[
            {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31), "target": 50}
        ],
    )
    services.result_period_record(
        actor=world["participant"],
        result=result,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        actual=Decimal("62"),
    )
    period = result.periods.get()
    assert (period.target, period.actual) == (50, 62)  # the target is kept
    services.result_period_record(
        actor=world["admin"],
        result=result,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        target=Decimal("80"),
    )
    assert result.periods.count() == 2
    for bad in (
        {"period_start": date(2027, 1, 1), "period_end": date(2026, 1, 1), "actual": 1},
        {"period_start": date(2027, 1, 1), "period_end": date(2027, 12, 31)},
    ):
        with pytest.raises(ApplicationError):
            services.result_period_record(actor=world["participant"], result=result, **bad)
    with pytest.raises(PermissionDeniedError):
        services.result_period_record(
            actor=world["other_city"],
            result=result,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            actual=1,
        )
    assert result.periods.count() == 2
    assert ResultPeriod.objects.get(period_start=date(2025, 1, 1)).actual == 62


# Web: permissions ----------------------------------------------------------------------------


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _text(response: Any) -> str:
    """What a user reads on the page (no markup)."""
    return " ".join(html.fromstring(response.content).text_content().split())


def _buttons(response: Any) -> list[str]:
    """The status buttons a user is offered."""
    tree = html.fromstring(response.content)
    buttons = tree.xpath("//form[contains(@class, 'status-change')]//button")
    return [b.text_content().strip() for b in buttons]


def _rows(response: Any, table: str) -> list[str]:
    """The rows of a table as a user reads them, cell after cell."""
    tree = html.fromstring(response.content)
    return [
        " ".join(" ".join(cell.text_content().split()) for cell in row.xpath("td"))
        for row in tree.xpath(f"//table[@id='{table}']/tbody/tr")
    ]


def _facts(response: Any) -> dict[str, str]:
    """The facts list at the top of a partnership or project page: term -> description."""
    tree = html.fromstring(response.content)
    terms = tree.xpath("//dl[contains(@class, 'facts')]/dt")
    return {
        dt.text_content().strip(): " ".join(dt.getnext().text_content().split()) for dt in terms
    }


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _edit_pages(world: dict) -> list[str]:
    p, project = world["partnership"].pk, world["project"].pk
    result = services.result_add(
        actor=SYSTEM, project=world["project"], title="Banks", indicator="Banks", unit="banks"
    )
    return [
        f"/cooperation/partnerships/{p}/edit/",
        f"/cooperation/partnerships/{p}/projects/new/",
        f"/cooperation/partnerships/{p}/documents/new/",
        f"/cooperation/projects/{project}/edit/",
        f"/cooperation/projects/{project}/budgets/new/",
        f"/cooperation/projects/{project}/transactions/new/",
        f"/cooperation/projects/{project}/organisations/new/",
        f"/cooperation/projects/{project}/results/new/",
        f"/cooperation/results/{result.pk}/periods/new/",
        f"/cooperation/projects/{project}/activities/new/",
        f"/cooperation/projects/{project}/documents/new/",
    ]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("visitor", False),
        ("other_city", False),
        ("participant", True),
        ("aspac_staff", True),
        ("admin", True),
    ],
)
def test_only_participants_and_admins_see_edit_controls_and_may_post(
    world: dict, who: str, allowed: bool
) -> None:
    client = _client(world.get(who))
    partnership, project = world["partnership"], world["project"]
    project_page = client.get(f"/cooperation/projects/{project.pk}/")
    partnership_page = client.get(f"/cooperation/partnerships/{partnership.pk}/")
    assert ("Edit the project" in _text(project_page)) is allowed
    assert ("Add a budget" in _text(project_page)) is allowed
    assert ("Edit the partnership" in _text(partnership_page)) is allowed
    assert _buttons(project_page) == (["Implementation", "Cancelled"] if allowed else [])
    assert _buttons(partnership_page) == (["Active", "Suspended"] if allowed else [])
    for url in _edit_pages(world):
        response = client.get(url)
        # Visitors are asked to sign in first; signed-in outsiders are refused.
        refused = 302 if who == "visitor" else 403
        assert response.status_code == (200 if allowed else refused), url
    if allowed:
        return
    posts = {
        f"/cooperation/partnerships/{partnership.pk}/edit/": {
            "version": 1,
            "title": "Taken over",
            "kind": "mou",
        },
        f"/cooperation/partnerships/{partnership.pk}/status/": {"version": 1, "status": "active"},
        f"/cooperation/projects/{project.pk}/edit/": {"version": 1, "title": "Taken over"},
        f"/cooperation/projects/{project.pk}/status/": {"version": 1, "status": 2},
        f"/cooperation/projects/{project.pk}/budgets/new/": {
            "type": 1,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "value": "10",
            "currency": "EUR",
        },
        f"/cooperation/projects/{project.pk}/transactions/new/": {
            "type": 3,
            "date": "2025-01-01",
            "value": "10",
            "currency": "EUR",
        },
        f"/cooperation/projects/{project.pk}/organisations/new/": {"role": 1, "name": "Us"},
    }
    for url, data in posts.items():
        response = client.post(url, data)
        if who == "visitor":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, url
            assert "Only" in _text(response)
    partnership.refresh_from_db()
    project.refresh_from_db()
    assert (partnership.title, partnership.status) == ("Surabaya – Recife", "proposed")
    assert (project.title, project.status) == ("Waste banks", 1)
    assert not Budget.objects.exists() and not Transaction.objects.exists()
    assert project.organisations.count() == 2


def test_status_buttons_need_the_csrf_token(world: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["participant"])
    project = world["project"]
    response = client.post(
        f"/cooperation/projects/{project.pk}/status/", {"status": 2, "version": 1}
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == 1
    assert client.get(f"/cooperation/projects/{project.pk}/status/").status_code == 405


# Web: editing --------------------------------------------------------------------------------


def test_editing_a_partnership_shows_the_current_values_and_then_the_change(world: dict) -> None:
    client = _client(world["participant"])
    partnership = world["partnership"]
    services.partnership_update(
        actor=world["admin"],
        partnership=partnership,
        version=1,
        **_partnership_changes(title="Surabaya – Recife"),
    )
    url = f"/cooperation/partnerships/{partnership.pk}/edit/"
    form = html.fromstring(client.get(url).content)
    assert form.get_element_by_id("id_title").value == "Surabaya – Recife"
    assert form.get_element_by_id("id_sdg_targets").value == "12.5"
    assert form.get_element_by_id("id_version").value == "2"
    assert form.get_element_by_id("id_end_date").value == "2027-12-31"

    data = {
        "version": 2,
        "title": "Surabaya – Recife – Lima",
        "kind": "sister-cities",
        "start_date": "2025-01-01",
        "end_date": "2024-01-01",
        "themes": ["waste", "water"],
        "sdg_targets": "12.5, 6.1",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The end cannot be before the start." in _text(response)
    partnership.refresh_from_db()
    assert partnership.title == "Surabaya – Recife"

    response = client.post(url, {**data, "end_date": "2028-06-30"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cooperation/partnerships/{partnership.pk}/"
    assert "Changes saved." in _text(response)
    facts = _facts(response)
    assert (facts["Kind"], facts["Themes"]) == ("Sister cities", "Waste, Water")
    assert facts["SDG targets"] in ("12.5, 6.1", "6.1, 12.5")
    assert html.fromstring(response.content).xpath("string(//h1)") == "Surabaya – Recife – Lima"


def test_a_second_editor_gets_a_conflict_not_an_overwrite(world: dict) -> None:
    project = world["project"]
    first, second = _client(world["participant"]), _client(world["aspac_staff"])
    url = f"/cooperation/projects/{project.pk}/edit/"
    for client in (first, second):  # both open the form on version 1
        assert 'name="version" value="1"' in client.get(url).content.decode()
    first.post(url, {"version": 1, "title": "Waste banks (first)"})
    response = second.post(url, {"version": 1, "title": "Waste banks (second)"})
    assert response.status_code == 409
    assert "Someone else changed this project after you opened it" in _text(response)
    project.refresh_from_db()
    assert (project.title, project.version) == ("Waste banks (first)", 2)
    page = _text(second.get(f"/cooperation/projects/{project.pk}/"))
    assert "Waste banks (first)" in page


def test_editing_a_project_with_dates_out_of_order_is_refused(world: dict) -> None:
    client = _client(world["participant"])
    project = world["project"]
    url = f"/cooperation/projects/{project.pk}/edit/"
    response = client.post(
        url,
        {"version": 1, "title": "New", "actual_start": "2025-05-01", "actual_end": "2025-04-01"},
    )
    assert response.status_code == 400
    assert "The end cannot be before the start." in _text(response)
    project.refresh_from_db()
    assert project.title == "Waste banks"
    response = client.post(
        url,
        {
            "version": 1,
            "title": "New",
            "description": "Now with a description.",
            "actual_start": "2025-05-01",
            "themes": ["waste"],
        },
        follow=True,
    )
    assert "Now with a description." in _text(response)
    facts = _facts(response)
    assert facts["Themes"] == "Waste"
    assert facts["Actual"] == f"{date_format(date(2025, 5, 1), 'DATE_FORMAT')} – …"


def test_status_changes_offer_only_allowed_moves(world: dict) -> None:
    client = _client(world["participant"])
    project, partnership = world["project"], world["partnership"]
    url = f"/cooperation/projects/{project.pk}/status/"
    response = client.post(url, {"status": Project.Status.CLOSED, "version": 1})
    assert response.status_code == 400
    assert "cannot move to Closed" in _text(response)
    response = client.post(url, {"status": "closed", "version": 1})
    assert response.status_code == 400
    response = client.post(
        url, {"status": Project.Status.IMPLEMENTATION, "version": 1}, follow=True
    )
    assert "The project is now in status Implementation." in _text(response)
    assert _facts(response)["Status"] == "Implementation"
    assert _buttons(response) == ["Finalisation", "Cancelled", "Suspended"]
    response = client.post(url, {"status": Project.Status.SUSPENDED, "version": 1})
    assert response.status_code == 409  # a second click from the old page
    project.refresh_from_db()
    assert project.status == Project.Status.IMPLEMENTATION

    url = f"/cooperation/partnerships/{partnership.pk}/status/"
    response = client.post(url, {"status": "completed", "version": 1})
    assert response.status_code == 400
    assert "cannot become completed" in _text(response)
    response = client.post(url, {"status": "active", "version": 1}, follow=True)
    assert "The partnership is now Active." in _text(response)
    assert _buttons(response) == ["Suspended", "Completed"]
    partnership.refresh_from_db()
    assert (partnership.status, partnership.version) == (Partnership.Status.ACTIVE, 2)


def test_budgets_and_transactions_keep_their_own_currency(world: dict) -> None:
    client = _client(world["participant"])
    project = world["project"]
    budgets = f"/cooperation/projects/{project.pk}/budgets/new/"
    budget = {
        "type": 1,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "value": "12000",
        "currency": "eur",
    }
    for bad, message in (
        ({"value": "-5"}, "greater than or equal to 0"),
        ({"currency": "XYZ"}, "Unknown currency"),
        ({"period_end": "2024-12-31"}, "The end cannot be before the start."),
    ):
        response = client.post(budgets, {**budget, **bad})
        assert response.status_code == 400
        assert message in _text(response)
    assert not Budget.objects.exists()
    response = client.post(budgets, budget, follow=True)
    assert "Budget added." in _text(response)
    client.post(budgets, {**budget, "value": "250000000", "currency": "IDR"})

    transactions = f"/cooperation/projects/{project.pk}/transactions/new/"
    assert 'value="IDR"' in client.get(transactions).content.decode()  # the last currency used
    transaction = {
        "type": 3,
        "date": "2025-03-01",
        "value": "3000.50",
        "currency": "BRL",
        "provider": "Recife",
        "receiver": "Surabaya",
        "description": "First tranche",
    }
    response = client.post(transactions, {**transaction, "value": "-1"})
    assert response.status_code == 400
    response = client.post(transactions, {**transaction, "currency": "RP"})
    assert response.status_code == 400
    assert not Transaction.objects.exists()
    response = client.post(transactions, transaction, follow=True)
    assert "Transaction added." in _text(response)
    year = "Jan 1 – Dec 31, 2025"  # a period as an English reader writes it (issue 13)
    assert _rows(response, "budgets") == [
        f"{year} Original 12,000.00 EUR Remove",
        f"{year} Original 250,000,000.00 IDR Remove",
    ]
    assert _rows(response, "transactions") == [
        f"{_short(date(2025, 3, 1))} Disbursement 3,000.50 BRL Recife Surabaya First tranche Remove"
    ]
    assert "Total per currency: 12,000.00 EUR; 250,000,000.00 IDR" in _text(response)


def test_participants_add_organisations_and_record_progress_on_the_web(world: dict) -> None:
    client = _client(world["participant"])
    project = world["project"]
    url = f"/cooperation/projects/{project.pk}/organisations/new/"
    response = client.post(url, {"role": 1})
    assert response.status_code == 400
    assert "one of them" in _text(response)
    response = client.post(url, {"role": 1, "name": "European Union", "type": "40"}, follow=True)
    assert "Organisation added." in _text(response)
    response = client.post(url, {"role": 1, "name": "European Union"})
    assert response.status_code == 400
    assert "already takes part" in _text(response)
    client.post(url, {"role": 4, "local_government": "lima"})
    assert project.organisations.get(local_government=world["lima"]).role == 4
    assert ProjectOrganisation.objects.filter(project=project).count() == 4

    result = services.result_add(
        actor=world["participant"],
        project=project,
        title="Banks",
        indicator="Active waste banks",
        unit="banks",
        periods=[
            {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31), "target": 50}
        ],
    )
    page = client.get(f"/cooperation/projects/{project.pk}/")
    link = html.fromstring(page.content).xpath("//a[normalize-space()='Active waste banks']")[0]
    url = link.get("href")
    form = html.fromstring(client.get(url).content)
    assert form.get_element_by_id("id_period_start").value == "2025-01-01"
    assert form.get_element_by_id("id_target").value == "50"
    response = client.post(url, {"period_start": "2025-01-01", "period_end": "2025-12-31"})
    assert response.status_code == 400
    assert "Give a target, an actual value or both." in _text(response)
    response = client.post(
        url,
        {"period_start": "2025-01-01", "period_end": "2025-12-31", "target": "50", "actual": "62"},
        follow=True,
    )
    assert "Progress recorded." in _text(response)
    assert _rows(response, "results") == ["Active waste banks (2025–2025) — 50 62 banks Remove"]
    assert result.periods.count() == 1


@pytest.mark.parametrize("value", ["1e30", "1e999", 1e30, "0.00001", "abc"])
def test_amounts_and_measured_values_the_columns_cannot_hold_write_nothing(
    world: dict, value: object
) -> None:
    project, actor = world["project"], world["participant"]
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    result = services.result_add(
        actor=actor, project=project, title="Banks", indicator="Banks", unit="banks"
    )
    attempts = [
        lambda: services.budget_add(
            actor=actor, project=project, value=value, currency="EUR", **period
        ),
        lambda: services.transaction_add(
            actor=actor, project=project, type=3, date=date(2025, 5, 1), value=value, currency="EUR"
        ),
        lambda: services.result_add(
            actor=actor, project=project, title="x", indicator="x", unit="x", baseline_value=value
        ),
        lambda: services.result_add(
            actor=actor,
            project=project,
            title="y",
            indicator="y",
            unit="y",
            periods=[{**period, "target": value}],
        ),
        lambda: services.result_period_record(actor=actor, result=result, actual=value, **period),
    ]
    for attempt in attempts:
        with pytest.raises(ApplicationError) as caught:
            attempt()
        assert caught.value.errors, caught.value.message
    assert not Budget.objects.exists() and not Transaction.objects.exists()
    assert list(project.results.all()) == [result] and not ResultPeriod.objects.exists()
    assert Client().get(f"/api/v1/projects/{project.pk}").status_code == 200
