from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ponte.core"
    label = "core"
    verbose_name = "Ponte core"
