"""Focal-point URLs that live under /accounts/ with the sign-in pages (site/urls.py joins
them into the `accounts` namespace): signing up for a local government, and the staff's
queue of affiliation requests."""

from django.urls import path

from ponte.directory import views

urlpatterns = [
    path("signup/", views.sign_up, name="signup"),
    path("affiliation/", views.affiliation, name="affiliation"),
    path("requests/", views.affiliation_requests, name="affiliation-requests"),
    path("requests/<int:user_id>/approve/", views.affiliation_approve, name="affiliation-approve"),
    path("requests/<int:user_id>/reject/", views.affiliation_reject, name="affiliation-reject"),
]
