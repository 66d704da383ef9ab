"""Search quality on the demo content, scored as the search page shows it.

Loads the demo (every searchable type: practices, resources, local governments, networks,
committees, needs, offers, projects, partnerships) into a fresh database, adds the
near-topic distractor practices of distractors.jsonl (bench-only, never part of the demo: each
sits next to a demo practice's topic in the same language as some queries, without answering
any query; `--no-distractors` leaves them out), then runs each query set in lexical, semantic
and hybrid mode through `ponte.search.selectors.search`, as the page calls it (its first 20
results).

Every result counts at its rank, whatever its type: a need, an offer or a local government
above the judged practice pushes it down exactly as on the page. Only library items are judged
(`relevant` lists their external ids), so any other result counts as not relevant. Printed per
set and mode, over all queries:

- success@5: share of queries with at least one relevant result in the top 5 (what earlier
  versions of this script called recall@5);
- recall@5: share of a query's relevant items found in the top 5, averaged;
- MRR@10 and nDCG@10 (binary gains);
- library success@5: success@5 counting library items only (how earlier versions scored);
- success@5 per query language, and nDCG@10 against lexical search.

Query sets (all of them by default; `--queries FILE` for one):

- queries.jsonl: cross-lingual, the set the fusion was tuned on;
- development.jsonl: cross-lingual, written apart from the first but then used to design
  language centring, so a development set, not a held-out one;
- same_language.jsonl: each query in a language its relevant items are written in
  (`"kind": "same-language"`), so a ranking that favours other languages shows.

A cross-lingual query (the default kind) must have no relevant item written in its language,
no original and no language version; a same-language query must have every relevant item in
its language. The script refuses a query that breaks its kind's rule. `--database postgres`
(PONTE_BENCH_POSTGRES) or `pgvector` (PONTE_BENCH_PGVECTOR or the pgserver instance) runs on a
fresh PostgreSQL database with that database's lexical backend and vector store.

    .venv/bin/python bench/search_quality/run.py [--queries FILE] [--no-distractors]
        [--show-misses] [--database sqlite|postgres|pgvector]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MODES = ("lexical", "semantic", "hybrid")
SETS = ("queries.jsonl", "development.jsonl", "same_language.jsonl")
LANGUAGES = ("en", "es", "pt", "id")
PAGE = 20  # the search page's results per page (search/views.py PER_PAGE)


def dcg(gains: list[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def score(ranked: list[str], relevant: set[str], library: list[str]) -> dict[str, float]:
    """Metrics for one query: `ranked` is every result in page order, `library` only the
    library items among them."""
    top5 = ranked[:5]
    first = next((i for i, key in enumerate(ranked[:10], start=1) if key in relevant), None)
    ideal = dcg([1.0] * min(len(relevant), 10))
    return {
        "success5": 1.0 if relevant & set(top5) else 0.0,
        "recall5": len(relevant & set(top5)) / len(relevant),
        "mrr10": 1.0 / first if first else 0.0,
        "ndcg10": dcg([1.0 if key in relevant else 0.0 for key in ranked[:10]]) / ideal,
        "library_success5": 1.0 if relevant & set(library[:5]) else 0.0,
    }


def load_distractors() -> int:
    from ponte.directory.models import LocalGovernment
    from ponte.knowledge import services
    from ponte.knowledge.models import Status
    from ponte.search import signals
    from ponte.search.services import reindex

    lines = (HERE / "distractors.jsonl").read_text(encoding="utf-8").splitlines()
    with signals.paused():
        for line in lines:
            entry = json.loads(line)
            owner = LocalGovernment.objects.get(name=entry["city"], country_id=entry["country"])
            data = {
                key: entry[key]
                for key in ("external_id", "title", "summary", "body", "language", "themes")
            }
            services.item_create(
                actor=None,
                owner=services.Owner(local_government=owner),
                data={**data, "status": Status.PUBLISHED},
                is_demo=True,
            )
    reindex(type_names=["practice"])
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", action="append", help="a query set (default: all three)")
    parser.add_argument("--no-distractors", action="store_true")
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
    sys.path[:0] = [str(REPO / "src"), str(REPO)]  # this checkout, whatever is installed
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
    distractors = 0 if args.no_distractors else load_distractors()
    items = {item.external_id: item for item in Item.objects.prefetch_related("translations")}
    by_pk = {str(item.pk): item.external_id for item in items.values()}
    library_types = {"practice", "resource"}
    print(
        f"{len(items)} library items ({distractors} of them near-topic distractors) among "
        f"every searchable type; {args.database}, vectors: {vector_store().name}; "
        f"each query's first {PAGE} results, all types, as the page shows them"
    )
    for path in [Path(p) for p in args.queries] if args.queries else [HERE / s for s in SETS]:
        queries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for query in queries:
            same = query.get("kind", "cross-lingual") == "same-language"
            for external_id in query["relevant"]:
                item = items.get(external_id)
                if item is None:
                    raise SystemExit(f"Unknown item {external_id} in query {query['q']!r}")
                languages = {item.language_id, *(t.language_id for t in item.translations.all())}
                if same and query["lang"] not in languages:
                    raise SystemExit(
                        f"{external_id} has no {query['lang']} version: query {query['q']!r} "
                        "is not same-language"
                    )
                if not same and query["lang"] in languages:
                    raise SystemExit(
                        f"{external_id} exists in {query['lang']}: query {query['q']!r} is not "
                        "cross-lingual"
                    )
        scores: dict[str, dict[str, list[float]]] = {mode: {} for mode in MODES}
        misses: list[str] = []
        others_in_top5 = 0
        for query in queries:
            relevant = set(query["relevant"])
            for mode in MODES:
                hits = search(query["q"], limit=PAGE, mode=mode).results
                ranked = [
                    by_pk.get(h["id"], "?")
                    if h["type"] in library_types
                    else f"{h['type']}:{h['id']}"
                    for h in hits
                ]
                library = [by_pk[h["id"]] for h in hits if h["type"] in library_types]
                result = score(ranked, relevant, library)
                for name, value in result.items():
                    for bucket in (query["lang"], "all"):
                        scores[mode].setdefault(f"{bucket}:{name}", []).append(value)
                if mode == "hybrid":
                    others_in_top5 += sum(1 for h in hits[:5] if h["type"] not in library_types)
                    if not result["success5"]:
                        misses.append(
                            f"  [{query['lang']}] {query['q']!r} -> top: {ranked[:3]} "
                            f"wanted {query['relevant']}"
                        )

        def mean(values: list[float]) -> float:
            return sum(values) / len(values) if values else 0.0

        print(f"\n{path.name}: {len(queries)} queries")
        print(
            f"{'mode':<9} {'success@5':>9} {'recall@5':>8} {'MRR@10':>6} {'nDCG@10':>7} "
            f"{'library s@5':>11}   success@5 per query language   nDCG vs lexical"
        )
        base = mean(scores["lexical"]["all:ndcg10"])
        for mode in MODES:
            s = {name: mean(scores[mode][f"all:{name}"]) for name in score([], {""}, [])}
            per_language = "  ".join(
                f"{lang} {mean(scores[mode].get(f'{lang}:success5', [])):.2f}"
                for lang in LANGUAGES
                if scores[mode].get(f"{lang}:success5")
            )
            ratio = f"{s['ndcg10'] / base:.2f}x" if base else "n/a"
            print(
                f"{mode:<9} {s['success5']:>9.2f} {s['recall5']:>8.2f} {s['mrr10']:>6.2f} "
                f"{s['ndcg10']:>7.2f} {s['library_success5']:>11.2f}   {per_language}   {ratio}"
            )
        print(
            f"hybrid: {others_in_top5 / (5 * len(queries)):.0%} of top-5 places held by "
            "results that are not library items"
        )
        if args.show_misses and misses:
            print("hybrid misses (success@5 = 0):")
            print("\n".join(misses))


if __name__ == "__main__":
    main()
