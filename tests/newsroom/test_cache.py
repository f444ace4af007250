import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from newsroom.cache import ResilientRedisCache
from tests.factories import make_article

DEAD_REDIS = {
    **settings.CACHES,
    "default": {
        "BACKEND": "newsroom.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    },
}


def test_unreachable_redis_answers_like_an_empty_cache(caplog):
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", 1) is False
    cache.set("key", 1)
    cache.delete("key")
    assert "Redis cache unavailable" in caplog.text


@pytest.mark.django_db
@override_settings(CACHES=DEAD_REDIS)
def test_pages_are_served_while_redis_is_down(client, caplog):
    caches.close_all()
    article = make_article(title="레디스가 멈춰도 보이는 기사")
    for url in (reverse("articles:home"), article.get_absolute_url()):
        response = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 Safari/604.1")
        assert response.status_code == 200
        assert "레디스가 멈춰도 보이는 기사" in response.content.decode()
    assert "Redis cache unavailable" in caplog.text


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs a real Redis (CI sets REDIS_URL)"
)
def test_real_redis_round_trip():
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.set("newsroom-test-key", {"기사": 1}, 10)
    assert cache.get("newsroom-test-key") == {"기사": 1}
