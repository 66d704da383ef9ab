"""/health/live and /health/ready: what a load balancer or orchestrator asks Ponte."""

from __future__ import annotations

import pytest
from django.db.utils import ConnectionHandler
from django.test import Client, override_settings

from ponte.core import health

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_live_answers_without_touching_the_database(client: Client) -> None:
    # No django_db mark: pytest-django fails any query made here.
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/health/live").status_code == 405


@pytest.mark.django_db
def test_ready_checks_database_cache_and_queue(client: Client) -> None:
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "ok"},
    }


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_ready_reaches_the_database_queue(client: Client) -> None:
    assert client.get("/health/ready").json()["checks"]["queue"] == "ok"


@pytest.mark.django_db
def test_ready_says_503_and_names_the_cache_when_redis_is_down(client: Client) -> None:
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": DEAD_REDIS,
            }
        }
    ):
        response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"] == {"database": "ok", "cache": "fail", "queue": "ok"}
    assert body["errors"] == {"cache": "ConnectionError"}
    assert "127.0.0.1" not in response.content.decode()  # details go to the log only


@pytest.mark.django_db
def test_ready_names_the_queue_when_its_redis_is_down(client: Client) -> None:
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": DEAD_REDIS}},
    ):
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "queue": "fail"}


@pytest.mark.django_db
def test_ready_names_the_database_when_it_cannot_be_opened(
    client: Client, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unreachable = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "no-such-directory" / "ponte.sqlite3"),
            }
        }
    )
    monkeypatch.setattr(health, "connections", unreachable)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"
    assert response.json()["errors"]["database"] == "OperationalError"
