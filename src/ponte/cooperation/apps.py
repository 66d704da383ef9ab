from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "ponte.cooperation"
    label = "cooperation"
    verbose_name = "Cooperation"
