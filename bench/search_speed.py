"""Search latency at 10,000 and 100,000 real-length documents, on SQLite, PostgreSQL and
PostgreSQL with pgvector, and indexing throughput (embedding and writing).

For each database and size, a child process fills a fresh database with N search documents
from `bench/_corpus.py`: 150-900 words each (bodies about 500 on average) mixed from the text
the project ships in en, es, pt and id, each with its own title and a vector made from the real
embeddings of what the pipeline would embed (the corpus module says how). Documents are
written as the indexing service writes them (folded text with titles three times and
summaries twice, so the full-text index holds the whole body). Then it builds the vector store
the settings choose (PONTE_VECTOR_STORE=auto: the in-process exact index on SQLite and plain
PostgreSQL, the pgvector HNSW index on the pgserver PostgreSQL), warms search up as a server
does (`ponte.search.warmup`), and times each of the distinct queries of
bench/search_quality/*.jsonl (about 150, none repeated) once through
`ponte.search.selectors.search` (query embedding included, limit 10). Printed per run:

- p50 / p95 of those searches, and peak memory of the process (model included);
- the baseline, in the same process: exact brute-force top 10 over the same vectors (one
  numpy matrix-vector product and a partial sort), with BLAS pinned to one thread as the
  in-process index runs it, so the ratio does not swing with how many threads BLAS takes;
- the vector store's own time for the 150 semantic candidates, its recall@10 against brute
  force (1.00 for the exact in-process index), the lexical backend's own time and the query
  embedding's median;
- load: documents written per second (rows, full-text triggers); build: vectors per second to
  build the store (pgvector: COPY and HNSW; in-process: loading the matrix on first use);
- indexing: `ponte.search.services.index_objects` on 192 new real-length library items in
  batches of 64 as `ponte reindex` runs it: embedding their text, writing their documents,
  the vector store and the index generation, in items per second, and the share of that time
  spent in the embedder's calls.

    .venv/bin/python bench/search_speed.py [--sizes 10000 100000] [--database sqlite postgres pgvector]

"pgvector" starts the pgserver instance in var/pgvector (as scripts/test does), or uses
PONTE_BENCH_PGVECTOR (a server URL without database name); "postgres" uses
PONTE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import fresh_database, run_child

REPO = Path(__file__).resolve().parents[1]
QUERY_FILES = sorted((REPO / "bench" / "search_quality").glob("*.jsonl"))

CHILD = r"""
import json, resource, statistics, sys, time
from pathlib import Path
import numpy as np
import django
django.setup()
sys.path.insert(0, "bench")
import _corpus
from django.core.management import call_command
from django.conf import settings
from django.db import connection
from threadpoolctl import threadpool_limits
from ponte.search import services, signals, vectors
from ponte.search.backends import lexical_backend
from ponte.search.engines.query import query_terms
from ponte.search.models import SearchDocument
from ponte.search.selectors import MIN_SIGNIFICANT, search
from ponte.search.warmup import warm_up

size, cache, queries = int(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
call_command("migrate", verbosity=0)
embedder = vectors.embedder()
pool = _corpus.sources()
table = _corpus.embeddings(
    [s.title for s in pool] + [t for s in pool for t in s.sentences], cache, embedder
)

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

load_seconds, batch = 0.0, []
def flush():
    global load_seconds
    start = time.perf_counter()
    SearchDocument.objects.bulk_create(batch, batch_size=500)
    load_seconds += time.perf_counter() - start
    batch.clear()

for n, doc in enumerate(_corpus.generate(size)):
    fields = [(doc.title, 3), (doc.summary, 2), (doc.body, 1)]
    batch.append(SearchDocument(
        key=f"practice:{n}", type="practice", object_pk=str(n), title=doc.title,
        text=f"{doc.summary}\n\n{doc.body}", language=doc.language, languages=[doc.language],
        url=f"/library/p-{n}/", facets={"region": "asia-pacific", "language": [doc.language]},
        is_public=True, folded=services._folded(fields),
        embedding=vectors.to_bytes(_corpus.vector_of(doc, table)),
    ))
    if len(batch) == 2000:
        flush()
flush()
services._bump_generation()
vectors.reset()
start = time.perf_counter()
store = vectors.initialise_store()  # `ponte init`: pgvector's table is built here
store.index().search(embedder.embed_queries(["x"])[0], k=1)  # the in-process index loads here
build_seconds = time.perf_counter() - start
services.refresh_language_means()  # as `ponte reindex` and `ponte daily` do
warm_up()  # as `ponte.wsgi` does before a server accepts requests
latencies = []
for q in queries:
    t = time.perf_counter()
    search(q, limit=10)
    latencies.append((time.perf_counter() - t) * 1000)

index = vectors.vector_index()
rows = SearchDocument.objects.filter(is_public=True).values_list("key", "embedding")
keys = [key for key, _ in rows]
matrix = np.vstack([vectors.from_bytes(raw) for _, raw in rows])
brute, vector_ms, lexical_ms, embed_ms, agree = [], [], [], [], 0
for q in queries:
    t = time.perf_counter()
    qv = embedder.embed_queries([q])[0]
    embed_ms.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        scores = matrix @ qv
    top = np.argpartition(-scores, 9)[:10]
    top = top[np.argsort(-scores[top])]
    brute.append((time.perf_counter() - t) * 1000)
    agree += len({keys[i] for i in top} & {k for k, _ in index.search(qv, k=10)})
    t = time.perf_counter()
    index.search(qv, k=settings.PONTE_SEARCH_SEMANTIC_CANDIDATES)
    vector_ms.append((time.perf_counter() - t) * 1000)
    terms = [w for w in query_terms(q) if len(w) >= MIN_SIGNIFICANT]
    t = time.perf_counter()
    lexical_backend().search(terms, limit=settings.PONTE_SEARCH_DEPTH)
    lexical_ms.append((time.perf_counter() - t) * 1000)

# Indexing throughput: the real pipeline on real library items of real length.
from ponte.directory.models import Language, Network
from ponte.knowledge.models import Item
for code, iso, name in (("en", "eng", "English"), ("es", "spa", "Spanish"), ("pt", "por", "Portuguese"), ("id", "ind", "Indonesian")):
    Language.objects.get_or_create(code=code, defaults={"iso639_3": iso, "name": name})
network = Network.objects.create(slug="bench", name="Bench network", kind="network")
with signals.paused():
    items = Item.objects.bulk_create(
        Item(type="practice", slug=f"bench-{n}", title=doc.title[:300], summary=doc.summary[:2000],
             body=doc.body, language_id=doc.language, publisher_network=network, status="published")
        for n, doc in enumerate(_corpus.generate(192, seed=2))
    )
pks = list(Item.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
# The pipeline's own embedding calls, timed where they happen (the same embedder object).
embed_seconds, embed_passages = 0.0, embedder.embed_passages
def timed_embed(texts):
    global embed_seconds
    t = time.perf_counter()
    vectors_ = embed_passages(texts)
    embed_seconds += time.perf_counter() - t
    return vectors_
embedder.embed_passages = timed_embed
t = time.perf_counter()
for start in range(0, len(pks), 64):
    services.index_objects("practice", pks[start : start + 64])
index_seconds = time.perf_counter() - t

words = [len(d.body.split()) for d in _corpus.generate(min(size, 2000))]
print(json.dumps({
    "size": size, "vendor": connection.vendor, "store": store.name, "queries": len(queries),
    "p50": statistics.median(latencies), "p95": pct(latencies, 95),
    "vector_p95": pct(vector_ms, 95), "lexical_p95": pct(lexical_ms, 95),
    "brute_p50": statistics.median(brute), "brute_p95": pct(brute, 95),
    "embed_p50": statistics.median(embed_ms), "recall10": agree / (10 * len(queries)),
    "build_per_s": size / build_seconds, "load_per_s": size / load_seconds,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "index_items_per_s": len(pks) / index_seconds, "embed_share": embed_seconds / index_seconds,
    "body_words": statistics.mean(words),
}))
"""


def distinct_queries() -> list[str]:
    seen: dict[str, None] = {}
    for path in QUERY_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line) if line.strip() else {}
            if "q" in entry:  # distractors.jsonl holds documents, not queries
                seen.setdefault(entry["q"], None)
    return list(seen)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--database",
        nargs="+",
        choices=["sqlite", "postgres", "pgvector"],
        default=["sqlite", "postgres", "pgvector"],
    )
    args = parser.parse_args()
    queries = distinct_queries()
    print(
        f"{len(queries)} distinct queries, each run once per database and size; "
        f"times in ms, rates per second"
    )
    print(
        f"{'database':<9} {'vectors':<8} {'docs':>7} {'words':>5} {'p50':>5} {'p95':>5} "
        f"{'brute':>5} {'ratio':>6} {'vec':>5} {'lex':>5} {'embed':>5} {'recall':>6} "
        f"{'load/s':>7} {'build/s':>7} {'peak MB':>7} {'index/s':>7} {'embed%':>6}"
    )
    # The corpus's sentence embeddings are computed once and kept (var/ is not versioned).
    cache = REPO / "var" / "bench-cache"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.database:
            for size in args.sizes:
                url = fresh_database(kind, Path(tmp), f"speed-{size}")
                r = run_child(CHILD, [str(size), str(cache), json.dumps(queries)], url)
                print(
                    f"{kind:<9} {r['store']:<8} {size:>7} {r['body_words']:>5.0f} "
                    f"{r['p50']:>5.1f} {r['p95']:>5.1f} {r['brute_p95']:>5.1f} "
                    f"{r['p95'] / r['brute_p95']:>5.1f}x {r['vector_p95']:>5.1f} "
                    f"{r['lexical_p95']:>5.1f} {r['embed_p50']:>5.1f} {r['recall10']:>6.2f} "
                    f"{r['load_per_s']:>7.0f} {r['build_per_s']:>7.0f} {r['peak_mb']:>7.0f} "
                    f"{r['index_items_per_s']:>7.1f} {100 * r['embed_share']:>5.0f}%",
                    flush=True,
                )
    print(
        "words: mean body length. p50/p95: hybrid search (embedding, lexical, vectors, fusion, "
        "filters, fetch). brute: p95 of exact brute-force top 10 (numpy, one BLAS thread); "
        "ratio: hybrid p95 over it. vec/lex: p95 of the vector store's 150 candidates and of the "
        "lexical backend alone. embed: query embedding p50. recall: the store's top 10 against "
        "brute force. load/s: documents written; build/s: vectors into the store. index/s: "
        "items indexed by the real pipeline (embedding and writing); embed%: its share spent "
        "embedding."
    )


if __name__ == "__main__":
    main()
