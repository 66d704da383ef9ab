"""IATI 2.03 activity export: projects as <iati-activities>, with participating
organisations, status and dates, locations, SDG goals and targets (sector vocabularies 7 and
8), budgets, transactions, documents (with the links higher apps contribute through
`slots.iati_document_links`, e.g. the project's events) and results."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from lxml import etree

from ponte.cooperation.models import Project
from ponte.cooperation.slots import iati_document_links

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REPORTING_ORG_REF = "XM-PONTE"  # a placeholder prefix until a publisher registers its own
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"


def _narrative(parent: Any, tag: str, text: str, lang: str | None = None) -> Any:
    element = etree.SubElement(parent, tag)
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    if lang:
        narrative.set(XML_LANG, lang)
    return element


def _date(parent: Any, tag: str, value: date, **attributes: str) -> Any:
    element = etree.SubElement(parent, tag, **attributes)
    element.set("iso-date", value.isoformat())
    return element


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def _number(value: Decimal | None) -> str:
    return format(value.normalize(), "f") if value is not None else ""


def activity(project: Project, *, reporting_org: str = "Ponte") -> Any:
    element = etree.Element("iati-activity")
    element.set(
        "last-updated-datetime",
        project.updated_at.astimezone(UTC).isoformat(timespec="seconds"),
    )
    element.set(XML_LANG, "en")
    etree.SubElement(element, "iati-identifier").text = project.identifier
    reporting = etree.SubElement(element, "reporting-org", ref=REPORTING_ORG_REF, type="90")
    etree.SubElement(reporting, "narrative").text = reporting_org
    _narrative(element, "title", project.title)
    description = _narrative(element, "description", project.description or project.title)
    description.set("type", "1")
    for organisation in project.organisations.all():
        attributes = {"role": str(organisation.role), "type": organisation.type}
        if organisation.ref:
            attributes["ref"] = organisation.ref
        participating = etree.SubElement(element, "participating-org", **attributes)
        etree.SubElement(participating, "narrative").text = organisation.name
    etree.SubElement(element, "activity-status", code=str(project.status))
    for kind, value in (
        ("1", project.planned_start),
        ("2", project.actual_start),
        ("3", project.planned_end),
        ("4", project.actual_end),
    ):
        if value:
            _date(element, "activity-date", value, type=kind)
    locations = list(project.locations.select_related("country"))
    countries = sorted({lg.country_id for lg in locations})
    for country in countries:
        share = Decimal(100) / len(countries)
        etree.SubElement(element, "recipient-country", code=country, percentage=_amount(share))
    for lg in locations:
        location = etree.SubElement(element, "location")
        _narrative(location, "name", lg.name)
        if lg.latitude is not None and lg.longitude is not None:
            point = etree.SubElement(location, "point", srsName=WGS84)
            etree.SubElement(point, "pos").text = f"{lg.latitude:.5f} {lg.longitude:.5f}"
    targets = list(project.sdg_targets.all())
    for goal in sorted({t.goal_id for t in targets}):
        etree.SubElement(element, "sector", vocabulary="7", code=str(goal))
    for target in targets:
        etree.SubElement(element, "sector", vocabulary="8", code=target.code)
    for budget in project.budgets.all():
        node = etree.SubElement(element, "budget", type=str(budget.type), status="1")
        _date(node, "period-start", budget.period_start)
        _date(node, "period-end", budget.period_end)
        value = etree.SubElement(node, "value", currency=budget.currency_id)
        value.set("value-date", budget.value_date.isoformat())
        value.text = _amount(budget.value)
    for money in project.transactions.all():
        node = etree.SubElement(element, "transaction")
        etree.SubElement(node, "transaction-type", code=str(money.type))
        _date(node, "transaction-date", money.date)
        value = etree.SubElement(node, "value", currency=money.currency_id)
        value.set("value-date", money.date.isoformat())
        value.text = _amount(money.value)
        if money.description:
            _narrative(node, "description", money.description)
        if money.provider:
            _narrative(node, "provider-org", money.provider)
        if money.receiver:
            _narrative(node, "receiver-org", money.receiver)
    site = settings.PONTE_SITE_URL.rstrip("/")
    for document in project.documents.all():
        url = site + reverse("cooperation:document", args=[document.pk])
        node = etree.SubElement(element, "document-link", url=url, format=document.content_type)
        _narrative(node, "title", document.title)
        etree.SubElement(node, "category", code=document.category)
        _date(node, "document-date", document.created_at.date())
    for contribute in iati_document_links:  # higher apps' pages about the project (events)
        for link in contribute(project):
            node = etree.SubElement(element, "document-link", url=link.url, format=link.format)
            _narrative(node, "title", link.title, link.language or None)
            etree.SubElement(node, "category", code=link.category)
            if link.language:
                etree.SubElement(node, "language", code=link.language)
            _date(node, "document-date", link.document_date)
    for result in project.results.all():
        node = etree.SubElement(element, "result", type="1")
        node.set("aggregation-status", "0")
        _narrative(node, "title", result.title)
        indicator = etree.SubElement(node, "indicator", measure="1", ascending="1")
        _narrative(indicator, "title", f"{result.indicator} ({result.unit})")
        if result.baseline_year:
            baseline = etree.SubElement(indicator, "baseline", year=str(result.baseline_year))
            if result.baseline_value is not None:
                baseline.set("value", _number(result.baseline_value))
        for period in result.periods.all():
            period_node = etree.SubElement(indicator, "period")
            _date(period_node, "period-start", period.period_start)
            _date(period_node, "period-end", period.period_end)
            if period.target is not None:
                etree.SubElement(period_node, "target", value=_number(period.target))
            if period.actual is not None:
                etree.SubElement(period_node, "actual", value=_number(period.actual))
    return element


def export_iati(projects: Iterable[Project]) -> bytes:
    root = etree.Element("iati-activities", version="2.03")
    root.set("generated-datetime", datetime.now(UTC).isoformat(timespec="seconds"))
    for project in projects:
        root.append(activity(project))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def exportable_projects(queryset: Any) -> Any:
    return queryset.prefetch_related(
        "organisations",
        "locations__country",
        "sdg_targets",
        "budgets",
        "transactions",
        "results__periods",
        "documents",
    ).order_by("identifier")
