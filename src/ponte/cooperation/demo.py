"""Demo programmes named in the seed article (CRIC, LOCALISE SDGs, LEAD4SDGs, Palu…)."""

from __future__ import annotations

from django.db import transaction

from ponte.accounts.permissions import SYSTEM
from ponte.cooperation.models import Programme
from ponte.directory.demo import read_demo_directory
from ponte.directory.models import Network


@transaction.atomic
def load_demo_programmes() -> int:
    items = read_demo_directory().get("programmes", [])
    for item in items:
        programme, _ = Programme.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "acronym": item.get("acronym") or "",
                "lead_network": Network.objects.filter(slug=item.get("network")).first(),
                "funders": item.get("funders", []),
                "start_year": item.get("start"),
                "end_year": item.get("end"),
                "description": item["description"]["en"],
                "is_demo": True,
            },
        )
        programme.countries.set(item.get("countries", []))
        programme.themes.set(item.get("themes", []))
        programme.sdg_goals.set(item.get("sdg_goals", []))
    return len(items)


# Demo projects and partnerships. Programmes, places and funders are real; every figure
# (budgets, transactions, results) is invented for the demo.
PROJECTS = [
    (
        "cric",
        "XM-PONTE-CRIC-SEMARANG",
        "CRIC in Semarang: climate-resilient and inclusive planning",
        2,
        ["Semarang", "Surabaya"],
        ["European Union", "UCLG ASPAC"],
        [("EUR", "450000")],
        ["climate-resilience", "social-inclusion"],
        ["11.b", "13.2"],
        ("Neighbourhoods with climate risk maps", "neighbourhoods", 0, 40, 32),
    ),
    (
        "localise-sdgs",
        "XM-PONTE-LOCALISE-MAKASSAR",
        "LOCALISE SDGs: SDG indicators in Makassar's mid-term plan",
        4,
        ["Makassar"],
        ["European Union", "APEKSI"],
        [("EUR", "120000"), ("IDR", "950000000")],
        ["sdg-localisation"],
        ["17.14"],
        ("SDG indicators in the plan", "indicators", 12, 94, 81),
    ),
    (
        "lead4sdgs",
        "XM-PONTE-LEAD4SDGS-KARACHI",
        "LEAD4SDGs: SDG-tagged development schemes in Karachi",
        2,
        ["Karachi"],
        ["European Union", "UCLG ASPAC"],
        [("EUR", "200000"), ("PKR", "15000000")],
        ["sdg-localisation", "capacity-building"],
        ["17.9"],
        ("Schemes tagged with SDG targets", "%", 0, 80, 65),
    ),
    (
        "palu-recovery",
        "XM-PONTE-PALU-RECOVERY",
        "Post-disaster recovery in Palu",
        4,
        ["Palu"],
        ["Cités Unies France", "UCLG ASPAC"],
        [("EUR", "80000")],
        ["disaster-risk-reduction", "local-economic-development", "public-space"],
        ["11.5", "8.3"],
        ("Micro-businesses operating again", "businesses", 0, 200, 230),
    ),
    (
        "aspac-mercociudades-climate-finance",
        "XM-PONTE-GCOM-CLIMATE-FINANCE",
        "Climate finance exchange between UCLG ASPAC and MERCOCIUDADES cities",
        2,
        ["Jakarta", "Buenos Aires", "Quezon City", "Montevideo"],
        ["European Union", "GCoM"],
        [("EUR", "150000"), ("USD", "40000")],
        ["climate-finance", "capacity-building"],
        ["13.a", "17.6"],
        ("Projects with completed feasibility studies", "projects", 0, 6, 3),
    ),
]
PARTNERSHIPS = [
    (
        "Surabaya – Recife: waste banks and recycling cooperatives",
        "technical-exchange",
        ["Surabaya", "Recife"],
        "active",
        ["waste"],
    ),
    (
        "Semarang – Porto Alegre: living with floods",
        "technical-exchange",
        ["Semarang", "Porto Alegre"],
        "active",
        ["climate-resilience", "disaster-risk-reduction"],
    ),
    (
        "Makassar – Rosario: urban agriculture",
        "mou",
        ["Makassar", "Rosario"],
        "active",
        ["food-security"],
    ),
    (
        "Quezon City – Bogotá: care services for women",
        "technical-exchange",
        ["Quezon City", "Bogotá"],
        "proposed",
        ["gender-equality"],
    ),
    (
        "Jakarta – Buenos Aires: green bonds",
        "technical-exchange",
        ["Jakarta", "Buenos Aires"],
        "active",
        ["climate-finance"],
    ),
    (
        "Palu – Valparaíso: recovery after disasters",
        "technical-exchange",
        ["Palu", "Valparaíso"],
        "active",
        ["disaster-risk-reduction"],
    ),
    (
        "Bandung – Medellín: social urbanism",
        "sister-cities",
        ["Bandung", "Medellín"],
        "active",
        ["public-space", "mobility"],
    ),
    (
        "Da Nang – Recife: coastal resilience",
        "mou",
        ["Da Nang", "Recife"],
        "proposed",
        ["climate-resilience"],
    ),
    (
        "Kathmandu – Quito: heritage and earthquake risk",
        "technical-exchange",
        ["Kathmandu", "Quito"],
        "active",
        ["culture", "disaster-risk-reduction"],
    ),
    (
        "Surabaya – Kuala Lumpur: public parks",
        "sister-cities",
        ["Surabaya", "Kuala Lumpur"],
        "completed",
        ["public-space"],
    ),
    (
        "Montevideo – Asunción: flood resettlement",
        "technical-exchange",
        ["Montevideo", "Asunción"],
        "active",
        ["housing"],
    ),
    (
        "Lima – La Paz: water in the dry season",
        "technical-exchange",
        ["Lima", "La Paz"],
        "active",
        ["water"],
    ),
]


@transaction.atomic
def load_demo_cooperation() -> int:
    from datetime import date

    from ponte.cooperation import services
    from ponte.cooperation.models import Partnership, Project, ProjectOrganisation
    from ponte.directory.models import LocalGovernment, SdgTarget, Theme

    def places(names: list[str]) -> list[LocalGovernment]:
        return [lg for name in names if (lg := LocalGovernment.objects.filter(name=name).first())]

    count = 0
    for (
        slug,
        identifier,
        title,
        status,
        cities,
        funders,
        budgets,
        themes,
        targets,
        result,
    ) in PROJECTS:
        if Project.objects.filter(identifier=identifier).exists():
            continue
        project = Project.objects.create(
            identifier=identifier,
            title=title,
            status=status,
            programme=Programme.objects.filter(slug=slug).first(),
            planned_start=date(2021, 1, 1),
            planned_end=date(2024, 12, 31),
            actual_start=date(2021, 3, 1),
            is_demo=True,
        )
        locations = places(cities)
        project.locations.set(locations)
        project.themes.set(Theme.objects.filter(slug__in=themes))
        project.sdg_targets.set(SdgTarget.objects.filter(code__in=targets))
        for funder in funders:
            ProjectOrganisation.objects.create(
                project=project, role=ProjectOrganisation.Role.FUNDING, name=funder, type="40"
            )
        for lg in locations:
            ProjectOrganisation.objects.create(
                project=project,
                role=ProjectOrganisation.Role.IMPLEMENTING,
                name=lg.name,
                local_government=lg,
            )
        for currency, value in budgets:
            services.budget_add(
                actor=SYSTEM,
                project=project,
                period_start=date(2021, 1, 1),
                period_end=date(2021, 12, 31),
                value=value,
                currency=currency,
            )
            services.transaction_add(
                actor=SYSTEM,
                project=project,
                type=2,
                date=date(2021, 3, 1),
                value=value,
                currency=currency,
                provider=funders[0],
                receiver=cities[0],
            )
        indicator, unit, baseline, target, actual = result
        services.result_add(
            actor=SYSTEM,
            project=project,
            title=indicator,
            indicator=indicator,
            unit=unit,
            baseline_value=baseline,
            baseline_year=2020,
            periods=[
                {
                    "period_start": date(2021, 1, 1),
                    "period_end": date(2023, 12, 31),
                    "target": target,
                    "actual": actual,
                }
            ],
        )
        count += 1
    for title, kind, cities, partnership_status, themes in PARTNERSHIPS:
        if Partnership.objects.filter(title=title).exists():
            continue
        parties = places(cities)
        if len(parties) < 2:
            continue
        partnership = services.partnership_create(
            actor=SYSTEM,
            title=title,
            kind=kind,
            local_governments=parties,
            themes=themes,
            start_date=date(2022, 1, 1),
            is_demo=True,
        )
        Partnership.objects.filter(pk=partnership.pk).update(status=partnership_status)
        count += 1
    return count
