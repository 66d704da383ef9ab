from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ponte.core"
    label = "core"
    verbose_name = "Ponte core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from ponte.core.collation import register_sqlite_collations

        connection_created.connect(register_sqlite_collations, dispatch_uid="ponte-collations")

        # Each app fills the slots of the apps below it in its own contributions.py
        # (core/slots.py says why).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("contributions")
