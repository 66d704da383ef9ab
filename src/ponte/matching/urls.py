from django.urls import path, re_path

from ponte.matching import views

app_name = "matching"

urlpatterns = [
    path("interest/", views.express, name="express"),
    path("interests/", views.interests, name="interests"),
    path("broker/", views.broker, name="broker"),
    re_path(
        r"^interests/(?P<pk>\d+)/(?P<decision>accept|decline|withdraw)/$",
        views.decide,
        name="decide",
    ),
    path("peers/<slug:slug>/", views.peers, name="peers"),
    path("needs/<int:pk>/", views.matches, name="need-matches"),
]
