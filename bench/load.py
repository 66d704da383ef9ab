"""Load on the production server: pages per second, latency and memory under 10 and 50 clients.

Loads the demo into a fresh database (`ponte demo --no-serve`), starts `ponte serve --no-worker`
(Granian, its default workers and threads, or `--workers`/`--threads`) with the rate limits
lifted (`PONTE_RATE_LIMITS_ENABLED=false`, so that load is not answered with 429s), on
127.0.0.1 only, and drives each page in turn for `--seconds` (10) at each client count (10, 50):

- `live`: `/health/live`, the trivial view (no database, no template): the baseline;
- `home`: `/`; `directory`: `/directory/`; `search`: `/search/?q=…` (eight distinct queries in
  four languages, in turn); `practice`: a published practice's page;
  `api`: `/api/v1/local-governments`.

Printed per page and client count: requests per second, p50/p95/p99 latency (ms), errors (HTTP
status >= 400), dropped connections (connect and read errors: refused, reset or closed
without an answer), timeouts (no answer within 10 s), the peak resident memory of the server
(its main process plus its HTTP workers, summed RSS) during the run, and the ratio of the
page's requests per second to the trivial view's. The baseline is measured before and after
the pages of each client count and averaged, since on a shared machine throughput drifts.
Before each run the script waits until the server has used no CPU for a second, so that
requests a run left queued are not counted against the next page.

    .venv/bin/python bench/load.py [--database sqlite|postgres|both] [--seconds 10]
        [--clients 10 50] [--pages live home directory search practice api]
        [--workers N] [--threads N]

The load generator is `wrk` (Debian/Ubuntu: `apt-get install wrk`; macOS: `brew install
wrk`), not a Python client: wrk is C on an event loop and needs a fraction of a core to keep 50
connections busy, whereas a Python client at these rates would take a large share of the CPU
the server is being measured on (two cores here) and slow the fast pages most, flattering
the ratios. Keep-alive connections, as browsers and reverse proxies use. A small Lua script
(written to a temporary file) rotates the search queries and prints wrk's own counts and
latency percentiles as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from _common import fresh_database, run_child

REPO = Path(__file__).resolve().parents[1]
QUERIES = [
    "flood early warning",
    "presupuesto participativo",
    "bank sampah",
    "transporte público integrado",
    "heat action plan",
    "alerta de enchentes",
    "mangrove restoration",
    "pengelolaan sampah",
]
PAGES = ["live", "home", "directory", "search", "practice", "api"]

# wrk's script: `request` rotates through the paths given after `--`; `done` prints one JSON
# line with the counts and percentiles (microseconds).
WRK_SCRIPT = r"""
local paths = {}
local n = 0
function init(args)
  for i, p in ipairs(args) do paths[i] = p end
  n = math.random(#paths)
end
function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""

FIND_PRACTICE = r"""
import json
import django
django.setup()
from ponte.knowledge.models import Item
item = Item.objects.filter(status="published").order_by("pk").first()
print(json.dumps({"slug": item.slug}))
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
        "PONTE_RATE_LIMITS_ENABLED": "false",
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{REPO}",
    }


def _tree(pid: int) -> list[int]:
    """The process and its living descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [pid], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _cpu_seconds(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def settle(pid: int, limit: float = 120) -> None:
    """Wait until the server is idle: requests the last run left queued (a client gives up,
    the server still answers) must not be counted against the next page."""
    deadline = time.monotonic() + limit
    before = _cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = _cpu_seconds(pid)
        if now - before < 0.05:
            return
        before = now


class PeakMemory:
    """Samples the server's summed RSS every 0.2 s while a run lasts."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb(self.pid))
            self._stop.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (loopback)
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def wrk(base: str, paths: list[str], clients: int, seconds: int, script: Path) -> dict[str, Any]:
    threads = min(2, clients)
    out = subprocess.run(  # noqa: S603
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
            "--",
            *paths,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("{"))
    result: dict[str, Any] = json.loads(line)
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def run_database(kind: str, args: argparse.Namespace, script: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="ponte-load-") as workdir:
        env = _environment(fresh_database(kind, Path(workdir), "load"), workdir)
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "ponte.cli", "demo", "--no-serve"],
            env=env,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        slug = run_child(FIND_PRACTICE, [], env["DATABASE_URL"])["slug"]
        paths = {
            "live": ["/health/live"],
            "home": ["/"],
            "directory": ["/directory/"],
            "search": ["/search/?" + urllib.parse.urlencode({"q": q}) for q in QUERIES],
            "practice": [f"/library/{slug}/"],
            "api": ["/api/v1/local-governments"],
        }
        port = _free_port()
        command = [sys.executable, "-m", "ponte.cli", "serve", "--no-worker", "--port", str(port)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.threads:
            command += ["--threads", str(args.threads)]
        log = Path(workdir) / "serve.log"
        with log.open("wb") as out:
            server = subprocess.Popen(  # noqa: S603
                command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT
            )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"the server stopped:\n{log.read_text()[-3000:]}")
                try:
                    if _get(base + "/health/live") == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not answer within 300 s")
                time.sleep(0.2)
            # Every page once per worker (each worker warms up on its own), and a check that
            # each answers 200 before it is measured.
            for page in args.pages:
                for path in paths[page]:
                    for _ in range(4):
                        status = _get(base + path)
                        if status != 200:
                            raise SystemExit(f"{path}: HTTP {status}")
            wrk(base, paths["live"], 10, 2, script)
            print(
                f"\n{kind}: ponte serve {' '.join(command[4:])}, demo data, "
                f"{args.seconds} s per run, idle server {_rss_mb(server.pid):.0f} MB"
            )
            print(
                f"{'clients':>7} {'page':<10} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
                f"{'p99 ms':>7} {'errors':>6} {'dropped':>7} {'timeout':>7} {'RSS MB':>7} "
                f"{'ratio':>6}"
            )
            for clients in args.clients:
                rows: dict[str, tuple[dict[str, Any], float]] = {}
                baseline = []
                order = ["live", *[p for p in args.pages if p != "live"], "live"]
                for n, page in enumerate(order):
                    settle(server.pid)
                    with PeakMemory(server.pid) as memory:
                        result = wrk(base, paths[page], clients, args.seconds, script)
                    if page == "live":
                        baseline.append(result["rps"])
                        if n == 0:
                            rows["live"] = (result, memory.peak)
                            continue
                        first, peak = rows["live"]
                        merged = {**first}
                        for key in ("requests", "connect", "read", "write", "status", "timeout"):
                            merged[key] += result[key]
                        for key in ("p50", "p95", "p99"):
                            merged[key] = max(first[key], result[key])
                        merged["rps"] = sum(baseline) / len(baseline)
                        rows["live"] = (merged, max(peak, memory.peak))
                    else:
                        rows[page] = (result, memory.peak)
                trivial = sum(baseline) / len(baseline)
                for page in args.pages:
                    r, peak = rows[page]
                    print(
                        f"{clients:>7} {page:<10} {r['rps']:>7.0f} {r['p50'] / 1000:>7.1f} "
                        f"{r['p95'] / 1000:>7.1f} {r['p99'] / 1000:>7.1f} {r['status']:>6} "
                        f"{r['connect'] + r['read'] + r['write']:>7} {r['timeout']:>7} "
                        f"{peak:>7.0f} {r['rps'] / trivial:>6.2f}",
                        flush=True,
                    )
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    if "live" not in args.pages:
        args.pages.insert(0, "live")
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is not installed: apt-get install wrk (Debian/Ubuntu), brew install wrk"
        )
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="ponte-load-") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        for kind in kinds:
            run_database(kind, args, Path(script.name))


if __name__ == "__main__":
    main()
