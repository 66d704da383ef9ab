from django.urls import path

from ponte.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="list"),
    path("map/", views.members_map, name="map"),
    path("networks/", views.network_list, name="networks"),
    path("networks/<slug:slug>/", views.network_detail, name="network"),
    path("networks/<slug:slug>/members/", views.network_members, name="network-members"),
    path(
        "networks/<slug:slug>/members/<slug:member>/role/",
        views.network_member_role,
        name="network-member-role",
    ),
    path(
        "networks/<slug:slug>/members/<slug:member>/remove/",
        views.network_member_remove,
        name="network-member-remove",
    ),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path(
        "committees/<slug:slug>/members/", views.committee_member_add, name="committee-member-add"
    ),
    path(
        "committees/<slug:slug>/members/<slug:member>/role/",
        views.committee_member_role,
        name="committee-member-role",
    ),
    path(
        "committees/<slug:slug>/members/<slug:member>/remove/",
        views.committee_member_remove,
        name="committee-member-remove",
    ),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/edit/", views.profile_edit, name="profile-edit"),
]
