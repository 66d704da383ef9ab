"""Core's one table: the task workers' signs of life."""

from __future__ import annotations

from django.db import models


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
