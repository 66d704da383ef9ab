from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ponte.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Each app declares what it makes searchable in its own search.py.
        from django.utils.module_loading import autodiscover_modules

        from ponte.search import signals

        autodiscover_modules("search")
        signals.connect_registered_models()
