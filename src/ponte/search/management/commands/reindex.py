"""`ponte reindex [--type T …]`: rebuild the search index (resumable: batches commit)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.search import registry, services, vectors


class Command(BaseCommand):
    help = "Rebuild the search index for every searchable type, or only the types given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--type", action="append", dest="types", help="e.g. practice; repeatable"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = set(registry.types())
        unknown = set(options["types"] or []) - known
        if unknown:
            raise CommandError(
                f"Unknown type(s): {', '.join(sorted(unknown))}. Known: {', '.join(sorted(known))}."
            )
        counts = services.reindex(type_names=options["types"])
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} indexed")
        store = vectors.vector_store()
        self.stdout.write(f"Vectors: {store.note} {len(store.index())} vectors.")
