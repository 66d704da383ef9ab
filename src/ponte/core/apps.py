from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ponte.core"
    label = "core"
    verbose_name = "Ponte core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from ponte.core.collation import register_sqlite_collations

        connection_created.connect(register_sqlite_collations, dispatch_uid="ponte-collations")

        from django.core.signals import request_finished

        from ponte.core.logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="ponte-request-id")

        # Each app fills the slots of the apps below it in its own contributions.py
        # (core/slots.py says why).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("contributions")
