"""How long the first searches take on a server that has just started.

Loads the demo into a fresh database (`ponte demo --no-serve`), starts `ponte serve
--no-worker` (Django's server on `ponte.wsgi`, as `ponte demo` runs it), waits until it
accepts connections, then times over HTTP the first `GET /api/v1/search` it answers and the
ones after it (each a different query, so no cache helps). Printed: seconds from launching
the server to its first accepted connection (start-up, where the warm-up now happens), the
first search's time and the later searches' median and maximum, in milliseconds.

    .venv/bin/python bench/first_search.py [--database sqlite|postgres|pgvector] [--runs 3]
        [--documents 100000]

Each run starts a new server process on the same database. `--documents N` adds N
real-length synthetic documents (bench/_corpus.py) to the index first, so that loading the
vectors (the in-process index) weighs what it does on a real library.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from _common import fresh_database, run_child

REPO = Path(__file__).resolve().parents[1]
QUERIES = [
    "banjir rob di kota pesisir",
    "waste banks in every neighbourhood",
    "presupuesto participativo",
    "alerta de enchentes por SMS",
    "heat action plan",
    "mangrove restoration",
    "transporte público integrado",
    "pengelolaan sampah berbasis masyarakat",
]


# Adds synthetic documents as the indexing service writes them, then rebuilds the vector
# store from them (what `ponte reindex` ends with).
ADD_DOCUMENTS = r"""
import json, sys
from pathlib import Path
import django
django.setup()
sys.path.insert(0, "bench")
import _corpus
from ponte.search import services, vectors
from ponte.search.models import SearchDocument
size, cache = int(sys.argv[1]), Path(sys.argv[2])
pool = _corpus.sources()
table = _corpus.embeddings(
    [s.title for s in pool] + [t for s in pool for t in s.sentences], cache, vectors.embedder()
)
batch = []
for n, doc in enumerate(_corpus.generate(size)):
    fields = [(doc.title, 3), (doc.summary, 2), (doc.body, 1)]
    batch.append(SearchDocument(
        key=f"bench:{n}", type="practice", object_pk=f"bench-{n}", title=doc.title,
        text=f"{doc.summary}\n\n{doc.body}", language=doc.language, languages=[doc.language],
        url=f"/library/bench-{n}/", facets={"language": [doc.language]}, is_public=True,
        folded=services._folded(fields), embedding=vectors.to_bytes(_corpus.vector_of(doc, table)),
    ))
    if len(batch) == 2000:
        SearchDocument.objects.bulk_create(batch)
        batch.clear()
SearchDocument.objects.bulk_create(batch)
services._bump_generation()
vectors.initialise_store().rebuild()
services.refresh_language_means()
print(json.dumps({"documents": SearchDocument.objects.count()}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(database_url: str, workdir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ponte.settings",
        "PONTE_SECRET_KEY": os.environ.get("PONTE_SECRET_KEY", "bench-only-secret"),
        "PONTE_VAR_DIR": workdir,
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
    }


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (127.0.0.1 only)
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


def one_run(env: dict[str, str]) -> dict[str, float]:
    port = _free_port()
    launched = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "ponte.cli", "serve", "--no-worker", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped (exit {server.returncode})")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        started = time.perf_counter() - launched
        base = f"http://127.0.0.1:{port}/api/v1/search?"
        times = [_get(base + urllib.parse.urlencode({"q": q})) for q in QUERIES]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "startup_s": started,
        "first_ms": times[0],
        "later_p50_ms": statistics.median(times[1:]),
        "later_max_ms": max(times[1:]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "pgvector"], default="sqlite")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--documents", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ponte-first-search-") as workdir:
        env = _environment(fresh_database(args.database, Path(workdir), "first"), workdir)
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "ponte.cli", "demo", "--no-serve"],
            env=env,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if args.documents:
            cache = REPO / "var" / "bench-cache"
            cache.mkdir(parents=True, exist_ok=True)
            added = run_child(ADD_DOCUMENTS, [str(args.documents), str(cache)], env["DATABASE_URL"])
            print(f"{added['documents']} search documents")
        print(f"{'run':>3} {'start-up s':>10} {'first ms':>9} {'later p50':>9} {'later max':>9}")
        for run in range(1, args.runs + 1):
            r = one_run(env)
            print(
                f"{run:>3} {r['startup_s']:>10.2f} {r['first_ms']:>9.0f} "
                f"{r['later_p50_ms']:>9.0f} {r['later_max_ms']:>9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
