from django.urls import path

from ponte.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnerships"),
    path("partnerships/new/", views.partnership_create, name="partnership-create"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path(
        "partnerships/from-match/<int:interest_id>/",
        views.partnership_from_interest,
        name="partnership-from-interest",
    ),
    path("partnerships/<int:pk>/edit/", views.partnership_edit, name="partnership-edit"),
    path("partnerships/<int:pk>/status/", views.partnership_status, name="partnership-status"),
    path("partnerships/<int:pk>/projects/new/", views.project_create, name="project-create"),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_new, name="project-new"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/edit/", views.programme_edit, name="programme-edit"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("projects/<int:pk>/status/", views.project_status, name="project-status"),
    path("projects/<int:pk>/results/new/", views.result_add, name="result-add"),
    path("results/<int:pk>/periods/new/", views.result_period_add, name="result-period-add"),
    path("projects/<int:pk>/activities/new/", views.activity_add, name="activity-add"),
    path("projects/<int:pk>/budgets/new/", views.budget_add, name="budget-add"),
    path("projects/<int:pk>/transactions/new/", views.transaction_add, name="transaction-add"),
    path(
        "projects/<int:pk>/organisations/new/",
        views.organisation_add,
        name="organisation-add",
    ),
    path(
        "partnerships/<int:pk>/documents/new/",
        views.document_add,
        {"kind": "partnership"},
        name="partnership-document-add",
    ),
    path(
        "projects/<int:pk>/documents/new/",
        views.document_add,
        {"kind": "project"},
        name="project-document-add",
    ),
    path(
        "partnerships/<int:owner>/documents/<int:pk>/remove/",
        views.document_remove,
        {"kind": "partnership"},
        name="partnership-document-remove",
    ),
    path(
        "projects/<int:owner>/documents/<int:pk>/remove/",
        views.document_remove,
        {"kind": "project"},
        name="project-document-remove",
    ),
    path(
        "projects/<int:project>/budgets/<int:pk>/remove/",
        views.budget_remove,
        name="budget-remove",
    ),
    path(
        "projects/<int:project>/transactions/<int:pk>/remove/",
        views.transaction_remove,
        name="transaction-remove",
    ),
    path(
        "projects/<int:project>/results/<int:pk>/remove/",
        views.result_remove,
        name="result-remove",
    ),
    path(
        "projects/<int:project>/result-periods/<int:pk>/remove/",
        views.result_period_remove,
        name="result-period-remove",
    ),
    path(
        "projects/<int:project>/activities/<int:pk>/remove/",
        views.activity_remove,
        name="activity-remove",
    ),
    path(
        "projects/<int:project>/organisations/<int:pk>/remove/",
        views.organisation_remove,
        name="organisation-remove",
    ),
    path("documents/<int:pk>/", views.document, name="document"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
]
