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
