"""`ponte search "QUERY" [--type T] [--limit N] [--json]`."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.exceptions import ApplicationError
from ponte.search.selectors import SearchFilters, search


class Command(BaseCommand):
    help = "Search public content the way the API does."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--type", default="")
        parser.add_argument("--lang", default="")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="Print the API's JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["limit"] <= 50:
            raise CommandError("--limit must be between 1 and 50.")
        try:
            results = search(
                options["query"],
                filters=SearchFilters(type=options["type"], language=options["lang"]),
                limit=options["limit"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(asdict(results), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{results.total} results for {results.query!r}")
        for hit in results.results:
            kind = f"{hit['type']}/{hit['language']}"
            self.stdout.write(f"{hit['score']:.4f}  [{kind}]  {hit['title']}  {hit['url']}")
