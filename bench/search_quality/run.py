"""Cross-lingual search quality on the demo library.

Each query in queries.jsonl is written in a language that none of its relevant items is
written in (no original and no language version): the benchmark checks that and refuses a
query that breaks the rule. It loads the demo into a fresh SQLite database, then prints
recall@5 and MRR@10 for lexical search alone (the baseline: what keyword search finds),
semantic search alone, and hybrid, per query language and overall. `--database postgres`
(PONTE_BENCH_POSTGRES) or `pgvector` (the pgserver instance) runs it on a fresh PostgreSQL
database instead, with that database's lexical backend and vector store.

    .venv/bin/python bench/search_quality/run.py [--queries FILE] [--show-misses]
        [--database sqlite|postgres|pgvector]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODES = ("lexical", "semantic", "hybrid")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", default=str(Path(__file__).with_name("queries.jsonl")))
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--database", choices=["sqlite", "postgres", "pgvector"], default="sqlite")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="ponte-quality-")
    sys.path.insert(0, str(REPO / "bench"))
    from _common import fresh_database

    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=fresh_database(args.database, Path(workdir), "quality"),
        PONTE_VAR_DIR=workdir,
    )
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    from ponte.knowledge.models import Item
    from ponte.search.selectors import search
    from ponte.search.vectors import vector_store
    from ponte.site.demo import load_demo_content

    with open(os.devnull, "w") as quiet:
        call_command("init", verbosity=0, stdout=quiet)
    load_demo_content()
    items = {item.external_id: item for item in Item.objects.prefetch_related("translations")}
    by_pk = {str(item.pk): item.external_id for item in items.values()}
    with open(args.queries, encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle if line.strip()]
    for query in queries:
        for external_id in query["relevant"]:
            item = items.get(external_id)
            if item is None:
                raise SystemExit(f"Unknown item {external_id} in query {query['q']!r}")
            languages = {item.language_id, *(t.language_id for t in item.translations.all())}
            if query["lang"] in languages:
                raise SystemExit(
                    f"{external_id} exists in {query['lang']}: query {query['q']!r} is not cross-lingual"
                )

    scores: dict[str, dict[str, list[float]]] = {mode: {} for mode in MODES}
    misses: list[str] = []
    for query in queries:
        for mode in MODES:
            hits = search(query["q"], limit=50, mode=mode).results
            ranked = [
                by_pk[h["id"]]
                for h in hits
                if h["type"] in {"practice", "resource"} and h["id"] in by_pk
            ]
            relevant = set(query["relevant"])
            recall5 = 1.0 if relevant & set(ranked[:5]) else 0.0
            rank = next((i for i, key in enumerate(ranked[:10], start=1) if key in relevant), None)
            for bucket in (query["lang"], "all"):
                scores[mode].setdefault(f"{bucket}:r5", []).append(recall5)
                scores[mode].setdefault(f"{bucket}:mrr", []).append(1.0 / rank if rank else 0.0)
            if mode == "hybrid" and not recall5:
                misses.append(
                    f"  [{query['lang']}] {query['q']!r} -> top: {ranked[:3]} wanted {query['relevant']}"
                )

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    print(
        f"{len(queries)} cross-lingual queries over {len(items)} library items "
        f"({args.database}; vectors: {vector_store().name})"
    )
    print(
        f"{'mode':<9} {'recall@5':>9} {'MRR@10':>7}   per query language (recall@5)          vs lexical"
    )
    base = mean(scores["lexical"]["all:r5"])
    for mode in MODES:
        per_language = "  ".join(
            f"{lang} {mean(scores[mode].get(f'{lang}:r5', [])):.2f}"
            for lang in ("en", "es", "pt", "id")
        )
        r5, mrr = mean(scores[mode]["all:r5"]), mean(scores[mode]["all:mrr"])
        ratio = f"{r5 / base:.2f}x" if base else "n/a"
        print(f"{mode:<9} {r5:>9.2f} {mrr:>7.2f}   {per_language}   {ratio}")
    if args.show_misses and misses:
        print("hybrid misses:")
        print("\n".join(misses))


if __name__ == "__main__":
    main()
