"""`ponte serve`: Ponte on a production WSGI server (Granian), with its task worker.

Granian's main process binds the port, starts the HTTP worker processes and, through its
startup and shutdown hooks, the task worker (`ponte worker`): SIGTERM or SIGINT to the main
process stops all of them together. `ponte runserver` stays Django's development server.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from ponte.core import queue

# How long the task worker may take to finish the task in hand once asked to stop; a task
# cut short after that is run again later (ponte.core.queue), so waiting longer buys little.
WORKER_STOP_SECONDS = 30


def cpu_count() -> int:
    """CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    # One process per CPU runs Python in parallel; each keeps the search embedder in memory
    # (about 400 MB), so beyond 8 the memory costs more than the CPUs give.
    return max(1, min(cpu_count(), 8))


def default_threads() -> int:
    # Threads overlap a request's waits (database, disk) within a process; more would only
    # queue on the GIL.
    return 4


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def port_number(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 65535:
        raise ValueError(value)
    return number


def check_can_listen(host: str, port: int) -> None:
    """Fail with a message, before anything starts, if the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from exc


def _die_with_parent() -> None:
    """In the task worker, before it runs: if `ponte serve` is killed outright (SIGKILL, a
    crash) the kernel stops the worker too instead of leaving it orphaned."""
    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class TaskWorker:
    """The `ponte worker` process that `ponte serve` runs beside the HTTP workers."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
            [sys.executable, "-m", "ponte.cli", "worker"],
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()  # finish the task in hand, then stop
        try:
            process.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class Command(BaseCommand):
    help = (
        "Serve Ponte on a production WSGI server (Granian) with a task worker. "
        "SIGTERM stops the server and the worker together."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=port_number, default=8000)
        parser.add_argument(
            "--workers",
            type=positive,
            default=None,
            help=f"HTTP worker processes (default: one per CPU, at most 8: {default_workers()}).",
        )
        parser.add_argument(
            "--threads",
            type=positive,
            default=None,
            help=f"Request threads per worker process (default: {default_threads()}).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not run a task worker alongside (run `ponte worker` elsewhere).",
        )
        parser.add_argument("--access-log", action="store_true", help="Log every request.")

    def handle(self, *args: Any, **options: Any) -> None:
        from granian.constants import Interfaces
        from granian.server import Server

        workers = options["workers"] or default_workers()
        threads = options["threads"] or default_threads()
        host = options["host"]
        address = f"[{host}]" if ":" in host else host
        check_can_listen(host, options["port"])
        task_worker = TaskWorker()
        wants_worker = not options["no_worker"] and queue.backend_kind() != "immediate"
        # The HTTP workers open their own connections; none may be shared across processes.
        connections.close_all()
        # Each HTTP worker starts as a fresh interpreter that imports Ponte itself, rather than
        # a fork of this process with its threads and state.
        multiprocessing.set_start_method("spawn", force=True)
        server = Server(
            target="ponte.wsgi:application",
            address=host,
            port=options["port"],
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            # A worker takes no more requests than it has threads; the others wait in the
            # listen backlog (1024) for whichever worker is free, instead of in a busy one.
            backpressure=threads,
            respawn_failed_workers=True,
            log_access=options["access_log"],
        )
        if wants_worker:
            server.on_startup(task_worker.start)
            server.on_shutdown(task_worker.stop)
        self.stdout.write(
            f"Ponte is at http://{address}:{options['port']}/ "
            f"({workers} workers x {threads} threads"
            f"{', with a task worker' if wants_worker else ''}; Ctrl+C stops it)"
        )
        self.stdout.flush()
        try:
            server.serve()
        finally:
            task_worker.stop()
