"""`ponte match need ID [--json]`, `ponte match peers SLUG_OR_ID [--json]` and
`ponte match stats` (how proposed matches were answered, to evaluate the engine)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from ponte.core.text import plain_number
from ponte.directory.models import LocalGovernment
from ponte.exchange.models import Need
from ponte.matching.models import Interest
from ponte.matching.selectors import need_matches, peers_for


class Command(BaseCommand):
    help = "Matches for a need, peers of a local government, or how matches were answered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["need", "peers", "stats"])
        parser.add_argument("key", nargs="?", help="Need id, or local government id or slug")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1 or options["limit"] > 100:
            raise CommandError("--limit must be between 1 and 100.")
        if options["what"] == "stats":
            self._stats(as_json=options["json"])
            return
        key = options["key"]
        if not key:
            raise CommandError(f"Give the {options['what']} to match: ponte match need 12")
        if options["what"] == "need":
            number = plain_number(key)
            if number is None or not (need := Need.objects.filter(pk=number).first()):
                raise CommandError(f"No need with id {key!r}.")
            found = need_matches(need, limit=options["limit"])
            payload: dict[str, Any] = {
                "need": need.pk,
                "title": need.title,
                "local_governments": found["local_government"],
                "practices": found["practice"],
                "offers": found["offer"],
            }
        else:
            number = plain_number(key)
            lookup = {"pk": number} if number is not None else {"slug": key}
            lg = LocalGovernment.objects.filter(**lookup).first()
            if lg is None:
                raise CommandError(f"No local government {key!r}.")
            payload = {"local_government": lg.pk, **peers_for(lg, limit=options["limit"])}
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for group, rows in payload.items():
            if not isinstance(rows, list):
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(group.replace("_", " ")))
            for rank, row in enumerate(rows, start=1):
                self.stdout.write(f"{rank:>3}. {row['score']:.2f}  {row['title']}")
                for factor in row["factors"][:4]:
                    self.stdout.write(f"        + {factor['contribution']:.2f} {factor['reason']}")

    def _stats(self, *, as_json: bool) -> None:
        """Acceptance by the rank at which a match was shown: the engine is doing its job when
        higher-ranked matches are accepted more often."""
        rows = (
            Interest.objects.exclude(status=Interest.Status.WITHDRAWN)
            .values("rank", "status")
            .annotate(n=Count("id"))
        )
        bands: dict[str, dict[str, int]] = {}
        for row in rows:
            band = "1-3" if row["rank"] <= 3 else "4-10" if row["rank"] <= 10 else "11+"
            counts = bands.setdefault(band, {"accepted": 0, "declined": 0, "pending": 0})
            counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        result = {
            band: {
                **counts,
                "acceptance": round(counts["accepted"] / decided, 3)
                if (decided := counts["accepted"] + counts["declined"])
                else None,
            }
            for band, counts in sorted(bands.items())
        }
        if as_json:
            self.stdout.write(json.dumps(result, indent=2))
            return
        if not result:
            self.stdout.write("No interest expressed yet.")
        for band, summary in result.items():
            self.stdout.write(
                f"rank {band:>5}: {summary['accepted']} accepted, {summary['declined']} declined, "
                f"{summary['pending']} pending, acceptance {summary['acceptance']}"
            )
