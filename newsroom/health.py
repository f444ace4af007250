"""/healthz: can this server serve readers? For load balancers and monitoring.

503 only when the database cannot be reached: no page that is not already cached can be built,
nothing can be published. Everything else that fails is named in the body under a 200, because
readers are still served: without the cache pages are built anew (slower), without the counters
views are not counted, without the media storage uploads fail but pages show. Never cached, sets
no cookie.
"""

import logging
import secrets

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_ok(alias: str) -> bool:
    """A round trip: the Redis backend answers a failure like an empty cache, never raising."""
    cache = caches[alias]
    token = secrets.token_hex(8)
    cache.set("healthz", token, 30)
    return cache.get("healthz") == token


def storage_ok() -> bool:
    """A tiny file written and deleted where uploads go (a folder, or a bucket)."""
    name = default_storage.save(".healthz", ContentFile(b"ok"))
    default_storage.delete(name)
    return True


CHECKS = {
    "database": database_ok,
    "cache": lambda: cache_ok("default"),
    "counters": lambda: cache_ok("counters"),
    "storage": storage_ok,
}


def failing() -> list[str]:
    down = []
    for name, check in CHECKS.items():
        try:
            ok = check()
        except Exception as exc:  # a failing part is reported, never raised
            logger.warning("healthz: %s failed: %r", name, exc)
            ok = False
        if not ok:
            down.append(name)
    return down


@require_safe
def healthz(request):
    down = failing()
    if "database" in down:
        status, body = 503, "down: database"
    elif down:
        status, body = 200, "degraded: " + ", ".join(down)
    else:
        status, body = 200, "ok"
    response = HttpResponse(body + "\n", status=status, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response
