"""Redis through django-redis: while it cannot be reached, readers still get pages."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django_redis.cache import RedisCache

from newsroom.settings import redis_cache
from tests.factories import make_article

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1
DEAD_REDIS = {**settings.CACHES, "default": redis_cache(DEAD), "counters": redis_cache(DEAD)}


def test_unreachable_redis_answers_like_an_empty_cache(caplog):
    cache = RedisCache(DEAD, redis_cache(DEAD))
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["key"]) == {}
    assert not cache.add("key", 1)
    cache.set("key", 1)
    cache.delete("key")
    assert "Exception ignored" in caplog.text


@pytest.mark.django_db
@override_settings(CACHES=DEAD_REDIS)
def test_pages_are_served_while_redis_is_down(client):
    caches.close_all()
    article = make_article(title="레디스가 멈춰도 보이는 기사")
    for url in (reverse("articles:home"), article.get_absolute_url()):
        response = client.get(url, headers={"user-agent": "Mozilla/5.0 Safari/604.1"})
        assert response.status_code == 200
        assert "레디스가 멈춰도 보이는 기사" in response.content.decode()
        assert "public" not in response.get("Cache-Control", "")  # nothing was stored


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs a real Redis (CI sets REDIS_URL)")
def test_real_redis_round_trip():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("newsroom-test-key", {"기사": 1}, 10)
    assert cache.get("newsroom-test-key") == {"기사": 1}


@pytest.mark.django_db
def test_a_retry_left_by_one_test_does_not_land_in_the_next():
    from newsroom import pagecache

    before = pagecache.versions(["lists"])
    with override_settings(CACHES=DEAD_REDIS):
        pagecache.changed(["lists"])  # cannot land: a thread goes on trying
    retry = pagecache._retry["thread"]
    pagecache.forget_kept()  # what tests/conftest.py does between tests
    retry.join(timeout=5)
    assert not retry.is_alive()
    assert pagecache.versions(["lists"]) == before
