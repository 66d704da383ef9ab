"""Keep the index in step with the data: after a change commits, reindex what it touched.

Objects that stopped being public leave the index in the same commit hook, at once; the
(slower) embedding of new or changed text runs as a background task.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ponte.search import registry

_paused = threading.local()


@contextmanager
def paused() -> Iterator[None]:
    """Skip per-object indexing inside a bulk load; the caller rebuilds the index after."""
    previous = getattr(_paused, "value", False)
    _paused.value = True
    try:
        yield
    finally:
        _paused.value = previous


def _is_paused() -> bool:
    return bool(getattr(_paused, "value", False))


def schedule_indexing(type_name: str, pks: list[Any]) -> None:
    """After the current transaction commits, (re)index these objects."""
    transaction.on_commit(partial(_schedule, type_name, list(pks)))


def enqueue_indexing(type_name: str, pks: list[Any]) -> None:
    """After commit, queue indexing without looking at the objects now (bulk imports): the
    task itself drops objects that are not public."""
    from ponte.search.tasks import index_objects_task

    transaction.on_commit(lambda: index_objects_task.enqueue(type_name, [str(pk) for pk in pks]))


def _schedule(type_name: str, pks: list[Any]) -> None:
    from ponte.search import services
    from ponte.search.tasks import index_objects_task

    search_type = registry.types()[type_name]
    objects = {str(o.pk): o for o in search_type.queryset().filter(pk__in=pks)}
    hidden = [
        pk
        for pk in map(str, pks)
        if pk not in objects or not search_type.document(objects[pk]).is_public
    ]
    if hidden:
        services.remove_objects(type_name, hidden)
    visible = [pk for pk in map(str, pks) if pk not in hidden]
    if visible:
        index_objects_task.enqueue(type_name, visible)


def _changed(type_name: str, instance: Any, **kwargs: Any) -> None:
    if not _is_paused():
        schedule_indexing(type_name, [instance.pk])


def _m2m_changed(type_name: str, instance: Any, **kwargs: Any) -> None:
    if not str(kwargs.get("action", "")).startswith("post_"):
        return
    pks = list(kwargs.get("pk_set") or []) if kwargs.get("reverse") else [instance.pk]
    if pks and not _is_paused():
        schedule_indexing(type_name, pks)


def _related_changed(type_name: str, finder: Any, instance: Any, **kwargs: Any) -> None:
    targets = [obj.pk for obj in finder(instance)]
    if targets and not _is_paused():
        schedule_indexing(type_name, targets)


def connect_registered_models() -> None:
    for name, search_type in registry.types().items():
        receiver = partial(_changed, name)
        post_save.connect(
            receiver, sender=search_type.model, weak=False, dispatch_uid=f"search-save-{name}"
        )
        post_delete.connect(
            receiver, sender=search_type.model, weak=False, dispatch_uid=f"search-delete-{name}"
        )
        for field in search_type.model._meta.many_to_many:
            m2m_changed.connect(
                partial(_m2m_changed, name),
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"search-m2m-{name}-{field.name}",
            )
        for model, finder in search_type.related.items():
            related = partial(_related_changed, name, finder)
            post_save.connect(
                related,
                sender=model,
                weak=False,
                dispatch_uid=f"search-rel-{name}-{model.__name__}",
            )
            post_delete.connect(
                related,
                sender=model,
                weak=False,
                dispatch_uid=f"search-reld-{name}-{model.__name__}",
            )


def initialise_vector_store(sender: Any, **kwargs: Any) -> str:
    """`ponte init`: create the pgvector extension and table where they are used (searches
    only read them)."""
    from ponte.search.vectors import initialise_store

    return f"Vectors: {initialise_store().note}"
