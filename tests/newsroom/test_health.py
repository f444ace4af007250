"""/healthz: 503 only when readers cannot be served at all; what else fails is named under a 200."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import override_settings

from tests.newsroom.test_cache import DEAD, DEAD_REDIS

pytestmark = pytest.mark.django_db


def healthz(client):
    return client.get("/healthz")


def text(response):
    return response.content.decode().strip()


def test_all_well_is_200_ok_never_cached_and_without_cookies(client):
    response = healthz(client)
    assert (response.status_code, text(response)) == (200, "ok")
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert not response.cookies
    assert healthz(client).status_code == 200  # asked again: answered again, not replayed


def test_database_down_is_503(client):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("gone")):
        response = healthz(client)
    assert (response.status_code, text(response)) == (503, "down: database")
    assert "no-store" in response["Cache-Control"]


@override_settings(CACHES=DEAD_REDIS)
def test_redis_down_is_200_naming_the_caches(client):
    caches.close_all()
    response = healthz(client)
    assert (response.status_code, text(response)) == (200, "degraded: cache, counters")


def test_only_the_counters_redis_down_is_named_alone(client, settings):
    from newsroom.settings import redis_cache

    settings.CACHES = {**settings.CACHES, "counters": redis_cache(DEAD)}
    caches.close_all()
    response = healthz(client)
    assert (response.status_code, text(response)) == (200, "degraded: counters")


def test_storage_that_cannot_be_written_is_200_naming_it(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-a-folder"
    (tmp_path / "not-a-folder").write_text("a file where the media folder should be")
    response = healthz(client)
    assert (response.status_code, text(response)) == (200, "degraded: storage")


def test_the_probe_leaves_nothing_in_the_media_folder(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert healthz(client).status_code == 200
    assert list(tmp_path.iterdir()) == []


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
