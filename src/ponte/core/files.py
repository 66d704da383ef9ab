"""Storing uploaded files with the transaction that records them.

A file written while the transaction is still open stays behind when the transaction fails (a
refused field, a lost database connection): an orphan nothing points to. So the record gets
its file's final name at once, and the file is written only once the transaction commits;
a transaction that rolls back never writes it. The name carries a random part, so no other
upload can take it in between. If writing fails after the commit (a full disk), the records
are removed again and the person gets a clear error instead of a link to a missing file.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.core.files import File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext, gettext_lazy

from ponte.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)


class FileNotStoredError(ApplicationError):
    """The storage refused the file (full, unreachable): try again later."""

    status = 503
    title = gettext_lazy("Service unavailable")


def save_on_commit(
    field_file: FieldFile, name: str, content: File[Any], *, undo: Callable[[], object]
) -> None:
    """Give `field_file` (of an unsaved or saved record) its final name now, and write
    `content` there when the current transaction commits. `undo` removes what the
    transaction wrote if the file cannot be written after all."""
    field = field_file.field
    instance = field_file.instance
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    token = secrets.token_hex(6)
    final = field.generate_filename(instance, f"{stem}-{token}{dot}{extension}")
    overflow = len(final) - (field.max_length or len(final))
    if overflow > 0:  # shorten the readable part, never the random one
        stem = stem[: max(1, len(stem) - overflow)]
        final = field.generate_filename(instance, f"{stem}-{token}{dot}{extension}")
    field_file.name = final
    storage = field_file.storage

    def write() -> None:
        try:
            content.seek(0)
            saved = storage.save(final, content, max_length=field.max_length)
        except Exception as exc:  # a full disk (OSError), an object store that refused (S3)
            logger.error("Could not store %s: %s; its record is removed.", final, exc)
            undo()
            reason = (
                (exc.strerror or str(exc))
                if isinstance(exc, OSError)
                # An object store's error names buckets and keys: those stay in the log.
                else gettext("the file storage refused it or did not answer")
            )
            raise FileNotStoredError(
                gettext("The file could not be stored (%(reason)s); nothing was saved.")
                % {"reason": reason}
            ) from exc
        if saved != final:  # the storage chose another name: keep the record pointing at it
            model: type[models.Model] = type(instance)
            model._default_manager.filter(pk=instance.pk).update(**{field.attname: saved})
            field_file.name = saved

    transaction.on_commit(write)
