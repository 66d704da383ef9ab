"""Core's tables: the task workers' signs of life, when each periodic job was last queued, and
the stored answers to API writes sent with an Idempotency-Key."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A `ponte worker` that is alive writes here every few seconds. A task left RUNNING by a
    worker that stopped beating (killed, machine lost) is put back in the queue."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    objects: models.Manager[WorkerHeartbeat] = models.Manager()

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class PeriodicRun(models.Model):
    """When a periodic job (core/schedule.py) was last queued, by whichever worker claimed it."""

    name = models.CharField(max_length=100, primary_key=True)
    last_queued_at = models.DateTimeField(null=True, blank=True)

    objects: models.Manager[PeriodicRun] = models.Manager()

    def __str__(self) -> str:
        return self.name


class IdempotencyKey(models.Model):
    """The first answer to a write a client sent with an `Idempotency-Key` header, kept until
    `expires_at` so that the same write sent again (after a timeout, a dropped connection)
    gets this answer back instead of being carried out twice. Written in the write's own
    transaction: the write and its key are committed together, or neither is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of method, path and body: the same key sent with another request is a mistake.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status = models.PositiveSmallIntegerField(_("response status"))
    content_type = models.CharField(_("response content type"), max_length=200)
    body = models.BinaryField(_("response body"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return self.key
