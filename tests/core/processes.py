"""Running Ponte's own commands as real processes against the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database, as a DATABASE_URL a subprocess can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def ponte_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # ponte.settings, not tests.settings: the test settings run tasks at once and would
    # delete the SQLite test database on import.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ponte.settings",
        "DATABASE_URL": database_url(),
        "PONTE_SECRET_KEY": "subprocess-test-secret",
        "PONTE_VAR_DIR": str(tmp_path),
        "PONTE_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # The tests count the tasks they queue; periodic work is tested in test_schedule.py.
        "PONTE_PERIODIC_WORK": "false",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "ponte.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )


def wait_for(
    predicate: Callable[[], Any], *, timeout: float, what: str, log: Path | None = None
) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.\n{tail}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Make sure a process a test started is gone, whatever the test did to it."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


def children(pid: int) -> list[int]:
    """Every living descendant of a process, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if fields[0] not in {"Z", "X"}:
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (FileNotFoundError, ProcessLookupError):
        return ""
