"""Background indexing through Django's tasks API: thin, takes ids, calls a service."""

from __future__ import annotations

from django_tasks import task

from ponte.search import services


@task()
def refresh_language_means_task() -> dict[str, int]:
    return services.refresh_language_means()


@task()
def index_objects_task(type_name: str, pks: list[str]) -> int:
    return services.index_objects(type_name, pks)
