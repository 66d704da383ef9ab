"""/events/slots/: the meeting-slot finder's page."""

from django.urls import path

from ponte.events import slot_views

app_name = "events_slots"

urlpatterns = [
    path("", slot_views.slot_finder, name="finder"),
]
