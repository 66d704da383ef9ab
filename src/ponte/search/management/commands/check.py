"""`ponte check`: Django's system checks, then the health of the search index and its backends."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as DjangoCheck
from django.db import DatabaseError

from ponte.search.models import LanguageMean, SearchDocument
from ponte.search.vectors import ProcessStore, language_centring, vector_store


def centring_status() -> str:
    means = {row.language: row.documents for row in LanguageMean.objects.all()}
    if settings.PONTE_SEARCH_LANGUAGE_CENTRING == 0:
        return "Language centring: off (PONTE_SEARCH_LANGUAGE_CENTRING=0)."
    if not means:
        return (
            "Language centring: no language means yet; "
            "`ponte reindex` or `ponte daily` computes them."
        )
    used = sorted(language_centring().offsets)
    listed = ", ".join(f"{lang} {n}" for lang, n in sorted(means.items()))
    return (
        f"Language centring: means of {listed} documents; applied to "
        f"{', '.join(used) or 'none'} (at least "
        f"{settings.PONTE_SEARCH_CENTRING_MIN_DOCUMENTS} documents each, two languages)."
    )


def vector_store_status() -> tuple[str, bool]:
    """Which vector store answers semantic search and why; False if it lacks vectors."""
    store = vector_store()
    line = f"Vectors: {store.note}"
    if isinstance(store, ProcessStore):
        return line, not store.uninitialised
    expected = SearchDocument.objects.filter(is_public=True, embedding__isnull=False).count()
    stored = len(store.index())
    if stored == expected:
        return f"{line} {stored} vectors.", True
    return f"{line} {stored} vectors for {expected} documents. Run `ponte reindex`.", False


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
            vectors_line, vectors_healthy = vector_store_status()
            centring_line = centring_status()
        except DatabaseError as exc:
            raise CommandError(
                f"The database is not ready ({exc}); run `ponte init` first."
            ) from exc
        self.stdout.write(vectors_line if vectors_healthy else self.style.WARNING(vectors_line))
        self.stdout.write(centring_line)
        self.stdout.write(f"Lexical search: {settings.PONTE_SEARCH_BACKEND.rsplit('.', 1)[-1]}.")
        healthy = vectors_healthy
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
