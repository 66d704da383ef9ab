"""Faults that take time: Ponte's real processes under load while something breaks.

Each scenario builds a fresh database, runs Ponte's own commands as separate processes on
production settings, breaks something from outside, then checks the outcome a person would
notice. Printed per scenario: what was done, what was checked, PASS or FAIL.

    .venv/bin/python bench/faults.py [--only terminate import-kill worker-kill redis]
        [--database sqlite|postgres] [--seconds 20] [--kills 2] [--seed 12]

- `terminate` (PostgreSQL): `ponte serve` (Granian and its task worker) takes API creates
  (`POST /api/v1/items`) from 4 clients, each create with its own `Idempotency-Key` and sent
  again with the same key until it gets its answer, while every connection of Ponte's to the
  database is cut (`pg_terminate_backend`) every 0.3 s. Checked: every create the clients were
  told about exists once, with all its fields; nothing exists that no client was told about;
  no key wrote twice; the task worker is the same live process after, and empties the queue.
- `import-kill`: 4,000 practices are imported whole (timed); then a file that would change
  half of them and add 2,000 more is imported and killed (SIGKILL, SIGTERM in turn) at a random
  moment between 30 % and 95 % of that time, five times. Checked: the row count of every table
  and the practices' contents are as before (and SQLite's `PRAGMA integrity_check` is ok).
- `worker-kill`: 12 published practices wait to be indexed; `ponte worker` is killed (SIGKILL)
  `--kills` times (2) while it indexes them, each time at a random moment up to 3 s after it
  took a task. A new worker is started, as systemd's `Restart=always` would. Checked: every
  practice gets its search entry, with no one running `ponte reindex`. In our runs each new
  worker first took back the task its predecessor died in, so the same task died each time:
  with `--kills 3` it reaches PONTE_TASK_MAX_ATTEMPTS (3) and fails as `WorkerLost`, by design (a
  task that kills its worker must not do so for ever), and its practices stay unindexed until
  `ponte reindex`.
- `redis`: Ponte with `REDIS_URL` (cache, rate limits, sign-in throttle) on a throwaway
  `redis-server` that this script starts on a free port and stops (the shared one is never
  touched). Checked: while Redis is stopped the public pages and an API create still answer,
  `/health/ready` says 503 naming the cache; when it is back (same port) everything answers
  again and the create's indexing task has run.

The disk-full case is a test: tests/core/test_files.py
(`test_a_file_that_cannot_be_written_leaves_no_record`).
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import fresh_database, run_child

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"  # noqa: S105 (a throwaway account in a throwaway database)

SETUP = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
from ponte.directory.reference import load_reference_data
call_command("migrate", verbosity=0)
load_reference_data()
practices = int(sys.argv[1])
if practices >= 0:
    from ponte.accounts.models import Role
    from tests.factories import ItemFactory, LocalGovernmentFactory, UserFactory
    lg = LocalGovernmentFactory(city_name="Surabaya")
    UserFactory(username="fault", role=Role.MEMBER, local_government=lg)
    for n in range(practices):
        ItemFactory(owner=lg, title=f"Fault practice {n}: bank sampah kelurahan {n}",
                    summary="Warga memilah sampah di bank sampah kelurahan.")
print(json.dumps({"ok": True}))
"""

# Row counts of every table Ponte's models know, and SQLite's own integrity check.
SNAPSHOT = r"""
import json
import django
django.setup()
from django.apps import apps
from django.db import connection
import hashlib
counts = {m._meta.db_table: m._default_manager.count() for m in apps.get_models()}
from ponte.knowledge.models import Item
items = list(Item.objects.order_by("pk").values_list("external_id", "title", "summary", "status"))
digest = hashlib.sha256(json.dumps(items).encode()).hexdigest()
integrity = "ok"
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        integrity = cursor.fetchone()[0]
print(json.dumps({"counts": counts, "integrity": integrity, "items": digest}))
"""

WRITES = r"""
import json, sys
import django
django.setup()
from ponte.knowledge.models import Item, Revision
from ponte.core.models import IdempotencyKey
items = Item.objects.filter(title__startswith="Fault write ")
rows = [{"title": i.title, "slug": i.slug, "summary": i.summary, "language": i.language_id,
         "revisions": Revision.objects.filter(item=i).count()} for i in items]
print(json.dumps({"items": rows, "keys": IdempotencyKey.objects.count()}))
"""

QUEUE = r"""
import json
import django
django.setup()
from django_tasks_db.models import DBTaskResult
from ponte.search.models import SearchDocument
from ponte.knowledge.models import Item
statuses = {}
for status in DBTaskResult.objects.values_list("status", flat=True):
    statuses[status] = statuses.get(status, 0) + 1
practices = Item.objects.filter(title__startswith="Fault practice ")
indexed = SearchDocument.objects.filter(
    type="practice", object_pk__in=[str(pk) for pk in practices.values_list("pk", flat=True)]
).exclude(embedding=None).count()
print(json.dumps({"statuses": statuses, "practices": practices.count(), "indexed": indexed}))
"""


class Outcome:
    def __init__(self, name: str) -> None:
        self.name, self.failures = name, []

    def check(self, ok: bool, what: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}", flush=True)
        if not ok:
            self.failures.append(what)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ponte.settings",
        "PONTE_SECRET_KEY": os.environ.get("PONTE_SECRET_KEY", "bench-only-secret"),
        "PONTE_VAR_DIR": str(workdir),
        "PONTE_RATE_LIMITS_ENABLED": "false",
        "PONTE_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "ponte.cli", *args],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


def _wait(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with_value = predicate()
        if with_value:
            return with_value
        time.sleep(0.3)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def _children(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] not in {"Z", "X"}:
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Http:
    """A minimal client: one connection per request, the session and CSRF cookies by hand."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, http.cookies.SimpleCookie()

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return response.status, dict(response.headers), data
        finally:
            connection.close()

    def sign_in(self, username: str, password: str) -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise SystemExit(f"no sign-in form (HTTP {status})")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token[1].decode()}
        ).encode()
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"sign-in refused (HTTP {status})")

    def create(self, body: dict[str, Any], key: str) -> tuple[int, dict[str, str], bytes]:
        return self.request(
            "POST",
            "/api/v1/items",
            json.dumps(body).encode(),
            {
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                "X-CSRFToken": self.cookies["csrftoken"].value,
            },
        )


def _serve(env: dict[str, str], workdir: Path, *extra: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    log = workdir / "serve.log"
    server = _start(["serve", "--port", str(port), "--workers", "1", *extra], env, log)
    client = Http(port)

    def up() -> bool:
        if server.poll() is not None:
            raise SystemExit(f"ponte serve stopped:\n{log.read_text()[-3000:]}")
        try:
            return client.request("GET", "/health/live")[0] == 200
        except OSError:
            return False

    _wait(up, 300, "ponte serve to answer")
    return server, port


def _setup(kind: str, workdir: Path, label: str, practices: int) -> str:
    url = fresh_database(kind, workdir, label)
    run_child(SETUP, [str(practices)], url)
    return url


def terminate(args: argparse.Namespace, workdir: Path) -> Outcome:
    import psycopg

    outcome = Outcome("terminate")
    url = _setup("postgres", workdir, "faults_terminate", 0)
    name = url.rsplit("/", 1)[1]
    env = _environment(
        url + "?application_name=ponte-faults",
        workdir,
        # Kept connections, checked before use: what production runs with.
        DATABASE_CONN_MAX_AGE="600",
    )
    server, port = _serve(env, workdir)
    workers = [p for p in _children(server.pid) if "ponte.cli worker" in _cmdline(p)]
    stop = threading.Event()
    cut = [0]
    lock = threading.Lock()
    results: dict[str, dict[str, Any]] = {}
    failures = {"5xx": 0, "connection": 0, "replayed": 0}

    def killer() -> None:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            while not stop.is_set():
                row = admin.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND application_name = 'ponte-faults'",
                    [name],
                ).fetchone()
                cut[0] += row[0] if row else 0
                stop.wait(0.3)

    clients = []
    for _n in range(4):
        client = Http(port)
        client.sign_in("fault", PASSWORD)
        clients.append(client)

    def writer(n: int) -> None:
        client = clients[n]
        count = 0
        while not stop.is_set():
            title = f"Fault write {n}-{count}"
            body = {"title": title, "summary": f"Written by client {n}.", "language": "en"}
            key = str(uuid.uuid4())
            status, data = 0, b""
            for _attempt in range(60):
                try:
                    status, headers, data = client.create(body, key)
                except OSError:
                    with lock:
                        failures["connection"] += 1
                    time.sleep(0.2)
                    continue
                if status >= 500:
                    with lock:
                        failures["5xx"] += 1
                    time.sleep(0.2)
                    continue
                if headers.get("Idempotent-Replayed") == "true":
                    with lock:
                        failures["replayed"] += 1
                break
            results[key] = {
                "title": title,
                "summary": body["summary"],
                "status": status,
                "slug": json.loads(data).get("slug") if status == 201 else None,
            }
            count += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=killer))
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in threads:
        thread.join()
    try:
        written = run_child(WRITES, [], url)
        created = {r["title"]: r for r in results.values() if r["status"] == 201}
        titles = [item["title"] for item in written["items"]]
        print(
            f"  {len(results)} creates from 4 clients in {args.seconds} s, {cut[0]} connections "
            f"cut, {failures['5xx']} answers 5xx and {failures['connection']} connections "
            f"lost on the way (each sent again with its key), {failures['replayed']} answered "
            "from a key's stored answer"
        )
        outcome.check(
            all(r["status"] == 201 for r in results.values()),
            "every create was answered 201 in the end",
        )
        outcome.check(
            sorted(titles) == sorted(created), "exactly the creates answered 201 exist, once each"
        )
        by_title = {item["title"]: item for item in written["items"]}
        whole = all(
            by_title[t]["summary"] == r["summary"]
            and by_title[t]["slug"] == r["slug"]
            and by_title[t]["revisions"] >= 1
            for t, r in created.items()
            if t in by_title
        )
        outcome.check(whole, "each has its summary, the slug it was answered with, a revision")
        outcome.check(written["keys"] == len(created), "one stored answer per key")
        outcome.check(
            bool(workers) and all(p in _children(server.pid) for p in workers),
            f"the task worker (pid {workers}) is the same live process",
        )

        def drained() -> bool:
            statuses = run_child(QUEUE, [], url)["statuses"]
            return not statuses.get("READY") and not statuses.get("RUNNING")

        try:
            _wait(drained, 180, "the queue to empty")
            outcome.check(True, "the task worker emptied the queue after the faults")
        except SystemExit as exc:
            outcome.check(False, str(exc))
    finally:
        _stop(server)
    return outcome


def _import_module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("bench_import", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def import_kill(args: argparse.Namespace, workdir: Path) -> Outcome:
    outcome = Outcome(f"import-kill ({args.database})")
    url = _setup(args.database, workdir, "faults_import", -1)
    env = _environment(url, workdir)
    rows = _import_module(REPO / "bench" / "import.py").make_rows(4000)
    data = workdir / "practices.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    # The killed imports would change the first half of these practices (their titles) and
    # add as many new ones.
    changes = workdir / "changes.jsonl"
    changed_rows = [
        {**r, "title": f"Changed: {r['title']}"}
        if n < len(rows) // 2
        else {**r, "external_id": f"new-{n}", "title": f"New: {r['title']}"}
        for n, r in enumerate(rows)
    ]
    changes.write_text("".join(json.dumps(r) + "\n" for r in changed_rows))
    # One whole import first: how long it takes (the window to kill in), and the state every
    # killed import must leave unchanged.
    empty = run_child(SNAPSHOT, [], url)
    started = time.monotonic()
    whole = _start(["import", "practices", str(data)], env, workdir / "import.log")
    whole.wait()
    duration = time.monotonic() - started
    before = run_child(SNAPSHOT, [], url)
    added = before["counts"]["knowledge_item"] - empty["counts"]["knowledge_item"]
    outcome.check(
        whole.returncode == 0 and added == len(rows),
        f"a whole import of {len(rows)} rows: exit {whole.returncode}, {added} practices added, "
        f"{duration:.1f} s including start-up",
    )
    rng = random.Random(args.seed)
    for attempt in range(5):
        how = signal.SIGKILL if attempt % 2 == 0 else signal.SIGTERM
        log = workdir / "import.log"
        process = _start(["import", "practices", str(changes)], env, log)
        after = rng.uniform(0.3, 0.95) * duration
        try:
            process.wait(timeout=after)
            outcome.check(
                False, f"the import ended (exit {process.returncode}) before {after:.1f} s"
            )
            break
        except subprocess.TimeoutExpired:
            process.send_signal(how)
            process.wait()
        now = run_child(SNAPSHOT, [], url)
        changed = {
            t: (before["counts"][t], n)
            for t, n in now["counts"].items()
            if before["counts"][t] != n
        }
        same = not changed and now["items"] == before["items"] and now["integrity"] == "ok"
        outcome.check(
            same,
            f"{how.name} after {after:.1f} s: every table and every practice as before"
            + (f" (changed: {changed})" if changed else "")
            + ("" if now["items"] == before["items"] else " (practices changed)")
            + (f", integrity {now['integrity']}" if now["integrity"] != "ok" else ""),
        )
    return outcome


def worker_kill(args: argparse.Namespace, workdir: Path) -> Outcome:
    outcome = Outcome(f"worker-kill ({args.database})")
    url = _setup(args.database, workdir, "faults_worker", 12)
    env = _environment(url, workdir, PONTE_TASK_STALE_SECONDS="4")
    queued = run_child(QUEUE, [], url)
    print(f"  {queued['practices']} practices, queue {queued['statuses']}")
    rng = random.Random(args.seed)
    log = workdir / "worker.log"
    for n in range(args.kills):
        worker = _start(["worker", "--interval", "0.5", "--worker-id", f"killed-{n}"], env, log)
        mark = log.stat().st_size

        def took_task(mark: int = mark, worker: subprocess.Popen[bytes] = worker) -> bool:
            if worker.poll() is not None:
                raise SystemExit(f"the worker stopped:\n{log.read_text()[-3000:]}")
            return "Task id=" in log.read_text(errors="replace")[mark:]

        _wait(took_task, 300, "the worker to take a task")
        after = rng.uniform(0, 3)
        time.sleep(after)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        state = run_child(QUEUE, [], url)
        print(
            f"  worker {n + 1} killed {after:.1f} s after its first task: "
            f"{state['indexed']}/{state['practices']} indexed, queue {state['statuses']}"
        )
    last = _start(["worker", "--interval", "0.5", "--worker-id", "last"], env, log)
    try:

        def caught_up() -> dict[str, Any] | None:
            state = run_child(QUEUE, [], url)
            busy = state["statuses"].get("READY") or state["statuses"].get("RUNNING")
            return None if busy else state

        state = _wait(caught_up, 900, "the queue to empty")
        outcome.check(
            state["indexed"] == state["practices"],
            f"every practice indexed without a reindex: {state['indexed']}/{state['practices']},"
            f" queue {state['statuses']}",
        )
    finally:
        _stop(last)
    return outcome


def redis(args: argparse.Namespace, workdir: Path) -> Outcome:
    outcome = Outcome(f"redis ({args.database})")
    if shutil.which("redis-server") is None:
        outcome.check(False, "redis-server is not installed (apt-get install redis-server)")
        return outcome
    redis_port = _free_port()
    redis_dir = workdir / "redis"
    redis_dir.mkdir()

    def start_redis() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(  # noqa: S603
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(redis_dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        _wait(lambda: _can_connect(redis_port), 30, "redis-server")
        return process

    url = _setup(args.database, workdir, "faults_redis", 1)
    env = _environment(url, workdir, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
    redis_server = start_redis()
    server, port = _serve(env, workdir)
    try:
        client = Http(port)
        client.sign_in("fault", PASSWORD)
        status, _, page = client.request("GET", "/library/?q=")
        slug = re.search(rb'href="/library/(fault-practice[^"/]*)/"', page)
        pages = ["/", "/directory/", "/library/", "/search/?q=bank+sampah", "/api/v1/items"]
        if slug:
            pages.append(f"/library/{slug[1].decode()}/")

        def answers(label: str) -> None:
            statuses = {p: client.request("GET", p)[0] for p in pages}
            outcome.check(
                all(s == 200 for s in statuses.values()), f"{label}: pages answer {statuses}"
            )

        answers("Redis up")
        redis_server.terminate()
        redis_server.wait()
        answers("Redis stopped")
        ready = client.request("GET", "/health/ready")
        outcome.check(
            ready[0] == 503 and b"cache" in ready[2],
            f"Redis stopped: /health/ready {ready[0]} {ready[2][:120]!r}",
        )
        body = {"title": "Fault write while Redis is down", "summary": "x", "language": "en"}
        status, _, data = client.create(body, str(uuid.uuid4()))
        outcome.check(status == 201, f"Redis stopped: an API create answers {status}")
        redis_server = start_redis()
        answers("Redis back")
        ready = client.request("GET", "/health/ready")
        outcome.check(ready[0] == 200, f"Redis back: /health/ready {ready[0]}")

        def drained() -> bool:
            statuses = run_child(QUEUE, [], url)["statuses"]
            return not statuses.get("READY") and not statuses.get("RUNNING")

        try:
            _wait(drained, 180, "the queue to empty")
            outcome.check(True, "the tasks queued meanwhile have run")
        except SystemExit as exc:
            outcome.check(False, str(exc))
    finally:
        _stop(server)
        redis_server.terminate()
        redis_server.wait()
    return outcome


def _can_connect(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


SCENARIOS = {
    "terminate": terminate,
    "import-kill": import_kill,
    "worker-kill": worker_kill,
    "redis": redis,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--kills",
        type=int,
        default=2,
        help="worker-kill: workers killed before the last one (PONTE_TASK_MAX_ATTEMPTS is 3)",
    )
    args = parser.parse_args()
    failed = []
    for name in args.only:
        with tempfile.TemporaryDirectory(prefix=f"ponte-faults-{name}-") as workdir:
            print(f"\n{name}", flush=True)
            try:
                outcome = SCENARIOS[name](args, Path(workdir))
            except SystemExit as exc:  # a wait that timed out, a process that stopped
                print(f"  FAIL {exc}", flush=True)
                failed.append(f"{name}: {exc}")
                continue
            failed += [f"{outcome.name}: {f}" for f in outcome.failures]
    print("\nFAIL:\n  " + "\n  ".join(failed) if failed else "\nPASS: every check held")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
