"""Removing a mistaken entry from a project or a partnership: budgets, transactions,
activities, documents and participating organisations, as services and on the web."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.formats import date_format
from lxml import html

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.cooperation import services
from ponte.cooperation.models import Activity, Budget, Document, ProjectOrganisation, Transaction
from ponte.core.exceptions import ApplicationError, PermissionDeniedError
from tests.cooperation.factories import PartnershipFactory, ProjectFactory
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pdf(name: str = "mou.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed", content_type="application/pdf")


@pytest.fixture
def world() -> dict[str, Any]:
    """Surabaya and Recife in a partnership with one project that has two budgets, a
    transaction, an activity, a document, and a partnership document; Lima is not part of
    it and has a project of its own."""
    aspac = NetworkFactory(slug="uclg-aspac")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    lima = LocalGovernmentFactory(city_name="Lima", slug="lima")
    MembershipFactory(local_government=surabaya, network=aspac)
    partnership = PartnershipFactory(title="Surabaya – Recife", parties=[surabaya, recife])
    project = ProjectFactory(
        title="Waste banks", partnership=partnership, implementers=[surabaya, recife]
    )
    lima_project = ProjectFactory(title="Lima composting", implementers=[lima])
    budget_2025 = services.budget_add(
        actor=SYSTEM,
        project=project,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value="1000",
        currency="EUR",
    )
    budget_2026 = services.budget_add(
        actor=SYSTEM,
        project=project,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        value="500",
        currency="EUR",
    )
    money = services.transaction_add(
        actor=SYSTEM,
        project=project,
        type=Transaction.Type.DISBURSEMENT,
        date=date(2025, 3, 1),
        value="300",
        currency="EUR",
        description="First tranche",
    )
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    activity = services.activity_add(
        actor=admin, project=project, title="Study visit to Recife", start_date=date(2025, 5, 1)
    )
    document = services.document_add(
        actor=SYSTEM, upload=_pdf(), title="Signed MoU", category="A09", project=project
    )
    partnership_document = services.document_add(
        actor=SYSTEM,
        upload=_pdf("letter.pdf"),
        title="Letter of intent",
        category="A12",
        partnership=partnership,
    )
    lima_budget = services.budget_add(
        actor=SYSTEM,
        project=lima_project,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value="99",
        currency="PEN",
    )
    return {
        "surabaya": surabaya,
        "recife": recife,
        "lima": lima,
        "partnership": partnership,
        "project": project,
        "lima_project": lima_project,
        "budget": budget_2025,
        "budget_2026": budget_2026,
        "transaction": money,
        "activity": activity,
        "document": document,
        "partnership_document": partnership_document,
        "lima_budget": lima_budget,
        "participant": UserFactory(role=Role.MEMBER, local_government=surabaya),
        "other_city": UserFactory(role=Role.MEMBER, local_government=lima),
        "aspac_staff": UserFactory(role=Role.NETWORK_STAFF, network=aspac),
        "admin": admin,
    }


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _text(response: Any) -> str:
    """What a user reads on the page (no markup)."""
    return " ".join(html.fromstring(response.content).text_content().split())


def _remove_buttons(response: Any) -> list[str]:
    """The accessible names of the Remove buttons on a page."""
    tree = html.fromstring(response.content)
    return [b.get("aria-label") for b in tree.xpath("//form[contains(@class, 'remove')]//button")]


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _removal_urls(world: dict) -> dict[str, tuple[Any, str]]:
    """Each removal URL, with the record it removes and the page it belongs to."""
    project, partnership = world["project"].pk, world["partnership"].pk
    organisation = world["project"].organisations.get(local_government=world["recife"])
    return {
        f"/cooperation/projects/{project}/budgets/{world['budget'].pk}/remove/": (
            world["budget"],
            "project",
        ),
        f"/cooperation/projects/{project}/transactions/{world['transaction'].pk}/remove/": (
            world["transaction"],
            "project",
        ),
        f"/cooperation/projects/{project}/activities/{world['activity'].pk}/remove/": (
            world["activity"],
            "project",
        ),
        f"/cooperation/projects/{project}/documents/{world['document'].pk}/remove/": (
            world["document"],
            "project",
        ),
        f"/cooperation/projects/{project}/organisations/{organisation.pk}/remove/": (
            organisation,
            "project",
        ),
        (
            f"/cooperation/partnerships/{partnership}/documents/"
            f"{world['partnership_document'].pk}/remove/"
        ): (world["partnership_document"], "partnership"),
    }


def _exists(record: Any) -> bool:
    return type(record).objects.filter(pk=record.pk).exists()


# Services ------------------------------------------------------------------------------------


def test_participants_remove_budgets_and_the_totals_follow(world: dict) -> None:
    project = world["project"]
    assert services.totals_by_currency(services.budgeted_amounts(project.budgets.all())) == {
        "EUR": 1500
    }
    with pytest.raises(PermissionDeniedError):
        services.budget_remove(actor=world["other_city"], budget=world["budget"])
    services.budget_remove(actor=world["participant"], budget=world["budget"])
    assert not _exists(world["budget"])
    assert services.totals_by_currency(services.budgeted_amounts(project.budgets.all())) == {
        "EUR": 500
    }


def test_only_participants_remove_transactions_and_activities(world: dict) -> None:
    for remove, argument in (
        (services.transaction_remove, "transaction"),
        (services.activity_remove, "activity"),
    ):
        with pytest.raises(PermissionDeniedError):
            remove(actor=world["other_city"], **{argument: world[argument]})
        assert _exists(world[argument])
        remove(actor=world["aspac_staff"], **{argument: world[argument]})
        assert not _exists(world[argument])


def test_removing_a_document_deletes_its_file_after_commit(
    world: dict, django_capture_on_commit_callbacks: Any
) -> None:
    document = world["document"]
    name = document.file.name
    assert default_storage.exists(name)
    with pytest.raises(PermissionDeniedError):
        services.document_remove(actor=world["other_city"], document=document)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_remove(actor=world["participant"], document=document)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert default_storage.exists(name)  # not before the commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)


def test_removing_an_organisation_keeps_one_implementer_and_updates_locations(
    world: dict,
) -> None:
    project = world["project"]
    recife = project.organisations.get(local_government=world["recife"])
    surabaya = project.organisations.get(local_government=world["surabaya"])
    services.project_organisation_remove(actor=world["participant"], organisation=recife)
    assert list(project.locations.all()) == [world["surabaya"]]
    with pytest.raises(ApplicationError, match="at least one implementing organisation"):
        services.project_organisation_remove(actor=world["admin"], organisation=surabaya)
    assert project.organisations.count() == 1


# Web -----------------------------------------------------------------------------------------


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
def test_only_those_who_may_edit_see_remove_buttons_and_may_remove(
    world: dict, who: str, allowed: bool, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(world.get(who))
    project_page = client.get(f"/cooperation/projects/{world['project'].pk}/")
    partnership_page = client.get(f"/cooperation/partnerships/{world['partnership'].pk}/")
    if allowed:
        year = f"{_short(date(2025, 1, 1))} – {_short(date(2025, 12, 31))}"
        assert _remove_buttons(project_page) == [
            "Remove the organisation Recife (Implementing)",
            "Remove the organisation Surabaya (Implementing)",
            f"Remove the budget of 1,000.00 EUR for {year}",
            f"Remove the budget of 500.00 EUR for {_short(date(2026, 1, 1))} – "
            f"{_short(date(2026, 12, 31))}",
            f"Remove the transaction of {_short(date(2025, 3, 1))}: Disbursement, 300.00 EUR",
            f"Remove the activity “Study visit to Recife” of {_short(date(2025, 5, 1))}",
            "Remove the document “Signed MoU”",
        ]
        assert _remove_buttons(partnership_page) == ["Remove the document “Letter of intent”"]
    else:
        assert _remove_buttons(project_page) == []
        assert _remove_buttons(partnership_page) == []
    # Visitors are sent to sign in first (these pages are @signed_in); others are refused.
    refused = 302 if who == "visitor" else 403
    for url, (record, _page) in _removal_urls(world).items():
        response = client.get(url)
        assert response.status_code == (200 if allowed else refused), url
        assert _exists(record), url  # GET never removes
        if not allowed:
            if refused == 403:
                assert "Only the participants may do this." in _text(response)
            response = client.post(url)
            assert response.status_code == refused, url
            assert _exists(record), url
    if not allowed:
        assert Budget.objects.count() == 3 and Document.objects.count() == 2
        return
    for url, (record, page) in _removal_urls(world).items():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)
        assert response.redirect_chain[-1][0] == (
            f"/cooperation/projects/{world['project'].pk}/"
            if page == "project"
            else f"/cooperation/partnerships/{world['partnership'].pk}/"
        )
        assert not _exists(record), url
    assert not default_storage.exists(world["document"].file.name)
    assert not default_storage.exists(world["partnership_document"].file.name)


def test_the_confirmation_page_asks_and_cancel_goes_back(world: dict) -> None:
    client = _client(world["participant"])
    project = world["project"]
    page = client.get(f"/cooperation/projects/{project.pk}/")
    tree = html.fromstring(page.content)
    button = tree.xpath("//button[starts-with(@aria-label, 'Remove the budget of 1,000.00')]")[0]
    form = button.getparent()
    assert form.get("method") == "get"
    confirm = client.get(form.get("action"))
    text = _text(confirm)
    year = f"{_short(date(2025, 1, 1))} – {_short(date(2025, 12, 31))}"
    assert f"Remove the budget of 1,000.00 EUR for {year}" in text
    assert "This cannot be undone." in text
    confirm_tree = html.fromstring(confirm.content)
    post = confirm_tree.xpath("//form[@class='confirm-remove']")[0]
    assert post.get("method") == "post"
    assert post.xpath(".//input[@name='csrfmiddlewaretoken']")
    assert [b.text_content() for b in post.xpath(".//button")] == ["Remove"]
    assert post.xpath(".//a[normalize-space()='Cancel']/@href") == [
        f"/cooperation/projects/{project.pk}/"
    ]
    assert _exists(world["budget"])


def test_removing_a_budget_updates_the_page_and_its_totals(world: dict) -> None:
    client = _client(world["participant"])
    project = world["project"]
    page = client.get(f"/cooperation/projects/{project.pk}/")
    assert "Total per currency: 1,500.00 EUR" in _text(page)
    url = f"/cooperation/projects/{project.pk}/budgets/{world['budget'].pk}/remove/"
    response = client.post(url, follow=True)
    text = _text(response)
    assert "Budget removed." in text
    assert "Total per currency: 500.00 EUR" in text
    assert "1,000.00" not in text
    url = f"/cooperation/projects/{project.pk}/transactions/{world['transaction'].pk}/remove/"
    response = client.post(url, follow=True)
    text = _text(response)
    assert "Transaction removed." in text
    assert "First tranche" not in text and "Disbursement: 300.00 EUR" not in text  # timeline
    url = f"/cooperation/projects/{project.pk}/activities/{world['activity'].pk}/remove/"
    response = client.post(url, follow=True)
    assert "Activity removed." in _text(response)
    assert "Study visit to Recife" not in _text(response)
    assert client.post(url).status_code == 404  # already gone


def test_a_forged_url_cannot_reach_another_projects_records(world: dict) -> None:
    client = _client(world["participant"])
    project, lima_budget = world["project"], world["lima_budget"]
    # Lima's budget through Surabaya's project, where the participant may edit: not found.
    response = client.post(f"/cooperation/projects/{project.pk}/budgets/{lima_budget.pk}/remove/")
    assert response.status_code == 404
    # Through Lima's own project: the participant may not edit it.
    lima_project = world["lima_project"]
    url = f"/cooperation/projects/{lima_project.pk}/budgets/{lima_budget.pk}/remove/"
    assert client.post(url).status_code == 403
    # A project's document through its partnership, and the other way round: not found.
    partnership = world["partnership"]
    for url in (
        f"/cooperation/partnerships/{partnership.pk}/documents/{world['document'].pk}/remove/",
        f"/cooperation/projects/{project.pk}/documents/{world['partnership_document'].pk}/remove/",
    ):
        assert client.post(url).status_code == 404, url
    assert _exists(lima_budget) and Document.objects.count() == 2


def test_removal_needs_the_csrf_token(world: dict) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["participant"])
    url = f"/cooperation/projects/{world['project'].pk}/budgets/{world['budget'].pk}/remove/"
    assert client.post(url).status_code == 403
    assert _exists(world["budget"])


def test_the_last_implementer_cannot_be_removed_on_the_web(world: dict) -> None:
    client = _client(world["admin"])
    project = world["project"]
    recife = project.organisations.get(local_government=world["recife"])
    surabaya = project.organisations.get(local_government=world["surabaya"])
    base = f"/cooperation/projects/{project.pk}/organisations"
    response = client.post(f"{base}/{recife.pk}/remove/", follow=True)
    assert "Organisation removed." in _text(response)
    response = client.post(f"{base}/{surabaya.pk}/remove/")
    assert response.status_code == 400
    assert "at least one implementing organisation" in _text(response)
    assert ProjectOrganisation.objects.filter(project=project).count() == 1
    assert Activity.objects.filter(project=project).count() == 1


def test_a_results_values_and_then_the_result_itself_can_be_removed(world: dict) -> None:
    project = world["project"]
    result = services.result_add(
        actor=SYSTEM,
        project=project,
        title="Banks",
        indicator="Active waste banks",
        unit="banks",
        baseline_value="0",
        periods=[
            {
                "period_start": date(2024, 1, 1),
                "period_end": date(2024, 12, 31),
                "target": "100",
                "actual": "80",
            },
            {
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 12, 31),
                "target": "150",
                "actual": "999",  # the mistake
            },
        ],
    )
    wrong = result.periods.get(period_start=date(2025, 1, 1))
    url = f"/cooperation/projects/{project.pk}/result-periods/{wrong.pk}/remove/"
    assert _client(world["other_city"]).post(url).status_code == 403
    assert _client(world["participant"]).get(url).status_code == 200  # the question only
    assert result.periods.count() == 2
    # Reached through another project's address, it is not found.
    lima = world["lima_project"].pk
    assert (
        _client(world["admin"])
        .post(f"/cooperation/projects/{lima}/result-periods/{wrong.pk}/remove/")
        .status_code
        == 404
    )
    page = _client(world["participant"]).post(url, follow=True)
    text = _text(page)
    assert "Values removed." in text and "999" not in text and "Active waste banks" in text
    assert list(result.periods.values_list("actual", flat=True)) == [80]

    result.periods.all().delete()
    tree = html.fromstring(
        _client(world["participant"]).get(f"/cooperation/projects/{project.pk}/").content
    )
    button = tree.xpath("//button[@aria-label='Remove the result “Active waste banks”']")
    assert button, "a result without periods has its own Remove button"
    _client(world["participant"]).post(button[0].getparent().get("action"))
    assert not project.results.exists()
