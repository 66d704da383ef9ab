from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "ponte.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge library"
