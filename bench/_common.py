"""What every benchmark needs: a fresh database per run, and a child process to measure in
(so each measurement starts from a cold process and its own peak memory)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def pgvector_server() -> str:
    """The base URL of a PostgreSQL 16 with pgvector: the pgserver instance that scripts/test
    uses (var/pgvector), started here if it is not running."""
    out = subprocess.run(
        [
            "bash",
            "-c",
            "source scripts/_bootstrap.sh && source scripts/_services.sh && "
            "ensure_pgvector_postgres postgres",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().rsplit("/", 1)[0]


def fresh_database(kind: str, workdir: Path, label: str) -> str:
    """A DATABASE_URL for an empty database: a new SQLite file, or a recreated PostgreSQL one
    (kind "postgres": PONTE_BENCH_POSTGRES, plain PostgreSQL; "pgvector": PONTE_BENCH_PGVECTOR
    or the pgserver instance)."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'{label}.sqlite3'}"
    if kind == "pgvector":
        base = os.environ.get("PONTE_BENCH_PGVECTOR") or pgvector_server()
    else:
        base = os.environ.get("PONTE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    # One name per checkout: two checkouts benchmarking on one server must not drop each
    # other's database.
    checkout = hashlib.sha256(str(REPO).encode()).hexdigest()[:6]
    name = f"ponte_bench_{label}_{checkout}".replace("-", "_")
    quiet = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"}
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", f"{base}/postgres", "-qc", statement], check=True, env=quiet)
    return f"{base}/{name}"


def run_child(code: str, args: list[str], database_url: str) -> dict[str, Any]:
    """Run `code` in a fresh interpreter on production settings; return its last JSON line.

    Production settings, not the test ones: background work (search indexing) is queued as in
    a real deployment instead of running inline.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ponte.settings",
        "PONTE_SECRET_KEY": os.environ.get("PONTE_SECRET_KEY", "bench-only-secret"),
        # src first: the checkout being measured, whatever the virtualenv has installed.
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
    }
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-3000:])
        raise SystemExit(out.returncode)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result
