"""With Redis, the cache, stopped: people can still read, search, sign in and write; only
/health/ready says so. (bench/faults.py `redis` stops and restarts a real Redis under a real
server.)"""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from ponte.knowledge.models import Item
from tests.factories import ItemFactory

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


@pytest.mark.django_db
def test_pages_search_sign_in_and_writes_work_while_redis_is_down(
    client: Client, world: dict
) -> None:
    practice = ItemFactory(owner=world["surabaya"], title="Bank sampah kelurahan")
    with override_settings(CACHES=DEAD_REDIS):
        for path in [
            "/",
            "/directory/",
            "/library/",
            f"/library/{practice.slug}/",
            "/search/?q=bank+sampah",
            "/api/v1/local-governments",
            "/api/v1/search?q=bank+sampah",
        ]:
            assert client.get(path).status_code == 200, path
        signed_in = client.post(
            "/accounts/login/",
            {"username": world["surabaya_member"].username, "password": "correct horse battery"},
        )
        assert signed_in.status_code == 302
        created = client.post(
            "/api/v1/items",
            json.dumps({"title": "Written while Redis is down", "summary": "S", "language": "en"}),
            content_type="application/json",
            headers={"Idempotency-Key": "redis-down-1"},
        )
        assert created.status_code == 201, created.content
        assert client.get("/health/ready").status_code == 503
    assert Item.objects.filter(title="Written while Redis is down").count() == 1
