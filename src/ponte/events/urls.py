from django.urls import path

from ponte.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("month/", views.event_month, name="month"),
    path("mine/", views.my_events, name="mine"),
    path("mine/calendar/renew/", views.calendar_renew, name="calendar-renew"),
    path("mine/calendar/revoke/", views.calendar_revoke, name="calendar-revoke"),
    path("calendar.ics", views.feed, name="feed"),
    path("feed/", views.EventFeed(), name="atom"),
    path("calendar/networks/<slug:slug>.ics", views.network_feed, name="network-feed"),
    path("calendar/themes/<slug:slug>.ics", views.theme_feed, name="theme-feed"),
    path("calendar/committees/<slug:slug>.ics", views.committee_feed, name="committee-feed"),
    path("calendar/private/<str:token>.ics", views.private_feed, name="private-feed"),
    path("presentations/<int:pk>/", views.presentation, name="presentation"),
    path("actions/<int:pk>/status/", views.action_status, name="action-status"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/publish/", views.event_publish, name="publish"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/unregister/", views.unregister, name="unregister"),
    path("<slug:slug>/outputs/", views.outputs, name="outputs"),
    path("<slug:slug>/presentations/new/", views.presentation_add, name="presentation-add"),
    path("<slug:slug>/actions/new/", views.action_add, name="action-add"),
    path("<slug:slug>/versions/new/", views.translation_add, name="translation-add"),
    path("<slug:slug>/agenda/new/", views.agenda_add, name="agenda-add"),
    path("<slug:slug>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/practice/", views.practice_from_event, name="practice"),
]
