from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "ponte.events"
    label = "events"
    verbose_name = "Events"
