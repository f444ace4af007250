from pathlib import Path

import pytest
from django.core.cache import caches


def _forget_everything():
    from newsroom.pagecache import forget_kept  # after Django is set up

    for cache in caches.all():
        cache.clear()
    forget_kept()


@pytest.fixture(autouse=True)
def _clear_cache():
    _forget_everything()
    yield
    _forget_everything()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (the browser tests) ends with its database flushed, and with it the
    rows data migrations made: the roles' groups and the reference weather stations. They are
    made again once the flush is done, for the tests that run after it."""
    result = yield
    if _transactional(item) and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        from tests.factories import restore_migrated_rows

        with item.config.stash[blocking_manager_key].unblock():
            restore_migrated_rows()
    return result


@pytest.fixture(scope="session", autouse=True)
def _media_buckets():
    """With MEDIA_S3_ENDPOINT set, this session's buckets (tests/media.py)."""
    from tests.media import buckets

    with buckets():
        yield


SERVER_TESTS = ("e2e", "deploy")  # folders under tests/ whose tests drive a browser or servers


def pytest_collection_modifyitems(config, items):
    from tests.media import skip_disk_only

    skip_disk_only(items)
    here = Path(__file__).parent
    for item in items:
        if any(item.path.is_relative_to(here / folder) for folder in SERVER_TESTS):
            item.add_marker(pytest.mark.servers)
