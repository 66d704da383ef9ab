from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ponte.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Each app declares what it makes searchable in its own search.py.
        from django.utils.module_loading import autodiscover_modules

        from ponte.core.signals import database_initialised
        from ponte.search import signals

        autodiscover_modules("search")
        signals.connect_registered_models()
        database_initialised.connect(
            signals.initialise_vector_store, dispatch_uid="search-vector-store"
        )
