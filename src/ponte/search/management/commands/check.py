"""`ponte check`: Django's system checks, then the health of the search index and its backends."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as DjangoCheck
from django.db import DatabaseError, connection


def vector_backend_status() -> str:
    if connection.vendor != "postgresql":
        return "Vectors: in-process exact index (embedded default)."
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")
        available = cursor.fetchone()[0] > 0
    if not available:
        return (
            "Vectors: PostgreSQL has no pgvector extension; semantic search uses the in-process "
            "index instead (install postgresql-NN-pgvector to keep vectors in the database)."
        )
    return "Vectors: pgvector is available; semantic search uses the in-process index."


class Command(DjangoCheck):
    help = "Run Django's system checks, then report search index health (missing, stale items)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--index-strict", action="store_true", help="Exit 1 if the index is not healthy."
        )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        super().handle(*app_labels, **options)
        from ponte.search.services import index_health

        try:
            report = index_health()
            self.stdout.write(vector_backend_status())
        except DatabaseError as exc:
            raise CommandError(
                f"The database is not ready ({exc}); run `ponte init` first."
            ) from exc
        self.stdout.write(f"Lexical search: {settings.PONTE_SEARCH_BACKEND.rsplit('.', 1)[-1]}.")
        healthy = True
        for health in report:
            line = f"Index {health.type}: {health.indexed}/{health.expected} documents"
            problems = []
            if health.missing:
                problems.append(
                    f"{len(health.missing)} missing (e.g. {', '.join(health.missing[:3])})"
                )
            if health.stale:
                problems.append(f"{len(health.stale)} stale (e.g. {', '.join(health.stale[:3])})")
            if health.orphans:
                problems.append(f"{len(health.orphans)} orphaned")
            if problems:
                healthy = False
                self.stdout.write(
                    self.style.WARNING(f"{line}; {'; '.join(problems)}. Run `ponte reindex`.")
                )
            else:
                self.stdout.write(f"{line}: healthy.")
        if not healthy and options["index_strict"]:
            raise CommandError("The search index is not healthy.")
