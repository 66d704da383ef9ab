"""Cooperation endpoints: partnerships, projects, IATI XML, CSV and XLSX."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from ponte.cooperation import exports, selectors
from ponte.cooperation.iati import export_iati, exportable_projects
from ponte.cooperation.models import Partnership, Project
from ponte.cooperation.schemas import PartnershipOut, PartnershipPage, ProjectOut, ProjectPage
from ponte.core.access import public
from ponte.core.api import PageParams, page_of

router = Router(tags=["cooperation"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/partnerships", response=PartnershipPage, summary="Partnerships")
@public
def list_partnerships(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return page_of(
        selectors.partnership_list().prefetch_related("themes", "sdg_targets"),
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/partnerships.csv", summary="Partnerships as CSV")
@public
def partnerships_csv(request: HttpRequest) -> HttpResponse:
    rows = exports.partnership_rows(
        selectors.partnership_list().prefetch_related("themes", "sdg_targets")
    )
    return _file(
        exports.table(exports.PARTNERSHIP_COLUMNS, rows, "csv"),
        "text/csv; charset=utf-8",
        "partnerships.csv",
    )


@router.get("/partnerships.xlsx", summary="Partnerships as XLSX")
@public
def partnerships_xlsx(request: HttpRequest) -> HttpResponse:
    rows = exports.partnership_rows(
        selectors.partnership_list().prefetch_related("themes", "sdg_targets")
    )
    return _file(
        exports.table(exports.PARTNERSHIP_COLUMNS, rows, "xlsx"), XLSX, "partnerships.xlsx"
    )


@router.get("/partnerships/{partnership_id}", response=PartnershipOut, summary="A partnership")
@public
def get_partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    return get_object_or_404(selectors.partnership_list(), pk=partnership_id)


@router.get("/projects", response=ProjectPage, summary="Projects")
@public
def list_projects(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return page_of(selectors.project_list(), limit=page.limit, offset=page.offset)


@router.get("/projects.iati.xml", summary="Projects as an IATI 2.03 activity file")
@public
def projects_iati(request: HttpRequest) -> HttpResponse:
    content = export_iati(exportable_projects(Project.objects.all()))
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@router.get("/projects.csv", summary="Projects as CSV")
@public
def projects_csv(request: HttpRequest) -> HttpResponse:
    rows = exports.project_rows(selectors.project_list().prefetch_related("sdg_targets"))
    return _file(
        exports.table(exports.PROJECT_COLUMNS, rows, "csv"),
        "text/csv; charset=utf-8",
        "projects.csv",
    )


@router.get("/projects.xlsx", summary="Projects as XLSX")
@public
def projects_xlsx(request: HttpRequest) -> HttpResponse:
    rows = exports.project_rows(selectors.project_list().prefetch_related("sdg_targets"))
    return _file(exports.table(exports.PROJECT_COLUMNS, rows, "xlsx"), XLSX, "projects.xlsx")


@router.get("/projects/{project_id}", response=ProjectOut, summary="A project")
@public
def get_project(request: HttpRequest, project_id: int) -> Project:
    return get_object_or_404(selectors.project_list(), pk=project_id)
