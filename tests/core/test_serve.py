"""`ponte serve`: a production server with workers, static files, many clients at once, and
one SIGTERM that stops the server and its task worker together."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ponte.core.management.commands import serve
from tests.core.processes import REPO, alive, children, cmdline, ponte_env, start, stop, wait_for


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _answers(port: int) -> bool:
    try:
        return _get(port, "/static/ponte/ponte.css")[0] == 200
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_serve_runs_workers_serves_many_clients_and_stops_with_its_task_worker(
    tmp_path: Path,
) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    server = start(
        ["serve", "--port", str(port), "--workers", "2", "--threads", "3"], ponte_env(tmp_path), log
    )
    try:
        wait_for(lambda: _answers(port), timeout=90, what="the server to answer", log=log)
        tree = {pid: cmdline(pid) for pid in children(server.pid)}
        task_workers = [pid for pid, line in tree.items() if "ponte.cli worker" in line]
        http_workers = [pid for pid, line in tree.items() if "spawn_main" in line]
        assert len(task_workers) == 1, tree
        assert len(http_workers) == 2, tree
        assert "2 workers x 3 threads, with a task worker" in log.read_text()

        status, body = _get(port, "/static/ponte/ponte.css")  # WhiteNoise, as before
        assert status == 200 and body == (REPO / "src/ponte/static/ponte/ponte.css").read_bytes()
        # runserver dropped 9-18 of 50 simultaneous connections (a listen backlog of 10).
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda _: _get(port, "/accounts/login/")[0], range(50)))
        assert statuses == [200] * 50

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0, log.read_text()[-3000:]
        wait_for(
            lambda: not any(alive(pid) for pid in tree),
            timeout=30,
            what="the task worker and HTTP workers to stop with the server",
            log=log,
        )
        assert not _answers(port)
    finally:
        for pid in children(server.pid):
            os.kill(pid, signal.SIGKILL)
        stop(server)


def test_serve_picks_workers_from_the_cpus_and_refuses_bad_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(3)))
    assert serve.default_workers() == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(64)))
    assert serve.default_workers() == 8
    for flag, value in (("--workers", "0"), ("--threads", "-1"), ("--port", "70000")):
        with pytest.raises(CommandError, match=flag.lstrip("-")):
            call_command("serve", flag, value)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        with pytest.raises(
            CommandError, match=f"Cannot listen on 127.0.0.1:{port}: Address already in use"
        ):
            call_command("serve", "--port", port)


def test_runserver_is_for_development_only(tmp_path: Path) -> None:
    env = ponte_env(tmp_path)
    env.pop("PONTE_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "ponte.cli", "runserver", "--noreload", "127.0.0.1:1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "ponte serve" in result.stderr
