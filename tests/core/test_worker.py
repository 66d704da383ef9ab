"""`ponte worker`: tasks of dead workers run again, the worker outlives a lost database, and
the RQ backend runs on Redis."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ponte.core import queue
from ponte.core.models import WorkerHeartbeat
from ponte.search.tasks import refresh_language_means_task
from tests.core.processes import ponte_env, start, stop, wait_for
from tests.core.tasks import slow_the_first_time
from tests.factories import ItemFactory

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REDIS_DB_URL = os.environ.get("PONTE_TEST_RQ_URL", "redis://127.0.0.1:6379/12")
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def _claim(result_id: str, worker_ids: list[str], started_at: dt.datetime) -> None:
    DBTaskResult.objects.filter(id=result_id).update(
        status="RUNNING", worker_ids=worker_ids, started_at=started_at
    )


def _status(result_id: str) -> str:
    return str(DBTaskResult.objects.get(id=result_id).status)


def _searchable(client: Client, query: str, title: str) -> bool:
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 200, response.content
    return any(hit["title"] == title for hit in response.json()["results"])


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, PONTE_TASK_STALE_SECONDS=60, PONTE_TASK_MAX_ATTEMPTS=3)
def test_the_tasks_of_workers_that_stopped_beating_go_back_in_the_queue() -> None:
    now = timezone.now()
    long_ago = now - dt.timedelta(minutes=10)
    orphan, busy, poison, just_claimed = (refresh_language_means_task.enqueue() for _ in range(4))
    WorkerHeartbeat.objects.create(
        worker_id="alive", hostname="h", pid=1, started_at=long_ago, last_seen=now
    )
    WorkerHeartbeat.objects.create(
        worker_id="dead", hostname="h", pid=2, started_at=long_ago, last_seen=long_ago
    )
    _claim(orphan.id, ["dead"], long_ago)
    _claim(busy.id, ["alive"], long_ago)  # a long task of a worker that still beats
    _claim(poison.id, ["w1", "w2", "w3"], long_ago)  # three workers died running it
    _claim(just_claimed.id, ["starting"], now - dt.timedelta(seconds=5))

    assert {str(task.id) for task in queue.stale_tasks()} == {orphan.id, poison.id}
    assert {task.id for task in queue.queue_status().stuck} == {orphan.id, poison.id}
    report = queue.requeue_stale_tasks()

    assert report.requeued == [orphan.id] and report.failed == [poison.id]
    assert (
        _status(orphan.id) == "READY" and DBTaskResult.objects.get(id=orphan.id).started_at is None
    )
    assert _status(busy.id) == "RUNNING" and _status(just_claimed.id) == "RUNNING"
    failed = DBTaskResult.objects.get(id=poison.id)
    assert (
        failed.status == "FAILED" and failed.exception_class_path == "ponte.core.queue.WorkerLost"
    )
    assert "3 workers stopped" in failed.traceback
    assert queue.queue_status().stuck == []


@pytest.mark.django_db
def test_worker_refuses_a_backend_without_a_queue() -> None:
    with pytest.raises(CommandError, match="no queue to work"):
        call_command("worker", "--batch")


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_was_killed_is_run_by_another_worker(
    reference_data, tmp_path: Path, client: Client
) -> None:
    env = ponte_env(tmp_path, PONTE_TASK_STALE_SECONDS="3")
    marker = tmp_path / "started"
    with override_settings(TASKS=DB_TASKS):
        slow = slow_the_first_time.enqueue(str(marker))
    first = start(["worker", "--worker-id", "first"], env, tmp_path / "first.log")
    second = None
    try:
        wait_for(
            marker.exists, timeout=90, what="the first worker to start", log=tmp_path / "first.log"
        )
        first.send_signal(signal.SIGKILL)  # as the kernel's OOM killer or a lost machine would
        first.wait(timeout=10)
        assert _status(slow.id) == "RUNNING"
        with override_settings(TASKS=DB_TASKS):
            practice = ItemFactory(
                title="Tanggul laut dan pompa banjir rob", summary="Kolam retensi di Semarang."
            )
        second = start(["worker", "--worker-id", "second"], env, tmp_path / "second.log")
        wait_for(
            lambda: _status(slow.id) == "SUCCESSFUL",
            timeout=90,
            what="the killed worker's task to be run again",
            log=tmp_path / "second.log",
        )
        assert DBTaskResult.objects.get(id=slow.id).worker_ids == ["first", "second"]
        wait_for(
            lambda: _searchable(client, "tanggul laut", practice.title),
            timeout=60,
            what="the new practice to become searchable",
            log=tmp_path / "second.log",
        )
        assert second.poll() is None
    finally:
        stop(first)
        if second is not None:
            stop(second)


@pytest.mark.django_db(transaction=True)
def test_the_worker_outlives_a_terminated_connection_and_a_database_that_refuses_for_a_while(
    reference_data, tmp_path: Path, client: Client
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("terminating a database connection needs PostgreSQL")
    name = connection.settings_dict["NAME"]
    env = ponte_env(
        tmp_path,
        # Kept connections, and no health check to hide the drop: the worker itself must cope.
        DATABASE_CONN_MAX_AGE="600",
        DATABASE_CONN_HEALTH_CHECKS="false",
    )
    env["DATABASE_URL"] += "?application_name=ponte-test-worker"
    log = tmp_path / "worker.log"

    def worker_backends() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'ponte-test-worker'"
            )
            return [row[0] for row in cursor.fetchall()]

    def allow_connections(allow: bool) -> None:
        # From another database: PostgreSQL will not change this for the one in use.
        import psycopg

        db = connection.settings_dict
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}')

    worker = start(["worker", "--interval", "0.5"], env, log)
    try:
        # The polling loop and the heartbeat each keep a connection.
        wait_for(
            lambda: len(worker_backends()) >= 2, timeout=60, what="the worker to connect", log=log
        )
        # As a database restart would: every connection cut, new ones refused for a while.
        allow_connections(False)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'ponte-test-worker'"
            )
        wait_for(
            lambda: "lost the database" in log.read_text(), timeout=30, what="the drop", log=log
        )
        allow_connections(True)
        assert worker.poll() is None, log.read_text()
        with override_settings(TASKS=DB_TASKS):
            practice = ItemFactory(title="Bank sampah kelurahan Bandarharjo")
        wait_for(
            lambda: _searchable(client, "bank sampah", practice.title),
            timeout=60,
            what="the practice queued after the drop to be indexed",
            log=log,
        )
        assert worker.poll() is None
    finally:
        allow_connections(True)
        stop(worker)


@pytest.mark.django_db(transaction=True)
def test_the_rq_backend_queues_on_redis_and_a_worker_burst_runs_it(
    reference_data, tmp_path: Path, client: Client
) -> None:
    import django_rq
    import redis

    try:
        redis.Redis.from_url(REDIS_DB_URL).ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not running at {REDIS_DB_URL} (scripts/test starts it).")
    redis.Redis.from_url(REDIS_DB_URL).flushdb()
    with override_settings(TASKS=RQ_TASKS, RQ_QUEUES={"default": {"URL": REDIS_DB_URL}}):
        practice = ItemFactory(title="Orçamento participativo digital em Recife")
        queued = django_rq.get_queue("default")
        assert queued.count >= 1  # on Redis, not run yet
        assert not _searchable(client, "orçamento participativo", practice.title)
        status = queue.queue_status()
        assert status.backend == "rq" and status.ready == queued.count
        env = ponte_env(
            tmp_path,
            PONTE_TASKS_BACKEND="django_tasks_rq.RQBackend",
            REDIS_URL=REDIS_DB_URL,
        )
        worker = start(["worker", "--burst"], env, tmp_path / "rq.log")
        try:
            assert worker.wait(timeout=120) == 0, (tmp_path / "rq.log").read_text()
        finally:
            stop(worker)
        assert queued.count == 0
        assert queue.queue_status().failed == 0
    assert _searchable(client, "orçamento participativo", practice.title)
    redis.Redis.from_url(REDIS_DB_URL).flushdb()


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, PONTE_TASK_STALE_SECONDS=60)
def test_check_reports_the_queue_age_and_stuck_tasks(capsys: pytest.CaptureFixture[str]) -> None:
    now = timezone.now()
    waiting = refresh_language_means_task.enqueue()
    DBTaskResult.objects.filter(id=waiting.id).update(enqueued_at=now - dt.timedelta(hours=3))
    stuck = refresh_language_means_task.enqueue()
    _claim(stuck.id, ["gone"], now - dt.timedelta(minutes=10))

    call_command("check")
    out = capsys.readouterr().out
    assert (
        "Queue (database): 1 ready, the oldest waiting 3 h; 1 running; 0 failed; 0 workers alive."
        in out
    )
    assert "waited longer than 60 s (PONTE_TASK_STALE_SECONDS): is `ponte worker` running?" in out
    assert (
        f"Queue: 1 stuck (running, their worker stopped): {stuck.id} refresh_language_means_task"
        in out
    )
    with pytest.raises(CommandError, match="task queue is not healthy"):
        call_command("check", "--queue-strict")

    queue.requeue_stale_tasks()
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=now)
    capsys.readouterr()
    call_command("check", "--queue-strict")
    out = capsys.readouterr().out
    assert "Queue (database): 0 ready; 0 running; 0 failed; 0 workers alive." in out
    assert "stuck" not in out
