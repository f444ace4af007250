"""Reads from a replica: with DATABASE_REPLICA_URL set, a second database alias, "replica" (a
streaming standby of the primary, docs/deploy.md), and this router.

Only what a request allows reads the replica: the page cache builds an anonymous reader's page
inside reads(True) when its last change is older than REPLICA_MAX_LAG seconds
(pagecache.settled), so a standby that lags cannot put a taken-down article back into the cache.
Everything else reads the primary: staff, the admin, every write and what follows it in a
transaction, the counters, tips, sessions. Writes always go to the primary. A page the replica
fails (it is down) is built again from the primary, which then answers this process's readers
for REST seconds. Without the setting there is no alias and no router, and reads() changes
nothing.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
REST = 30  # seconds a process leaves the replica alone after it failed a page

_allowed = ContextVar("newsroom_reads_replica", default=False)
_rest_until = 0.0  # this process's: time.monotonic() until which the replica is not used


def enabled() -> bool:
    return REPLICA in settings.DATABASES


def allowed() -> bool:
    """Whether this request (this thread or task) may read the replica now."""
    return _allowed.get()


def usable() -> bool:
    return time.monotonic() >= _rest_until


def failed() -> bool:
    """After a page was built from the replica: whether the replica failed it (unreachable, or a
    query cancelled by its replay). It is then left alone in this process for REST seconds."""
    global _rest_until
    replica = connections[REPLICA]
    if not replica.errors_occurred:
        return False
    replica.close()
    replica.errors_occurred = False
    _rest_until = time.monotonic() + REST
    logger.warning("The replica failed a reader's page: the primary answers for %s s", REST)
    return True


@contextmanager
def reads(allowed: bool):
    token = _allowed.set(allowed)
    try:
        yield
    finally:
        _allowed.reset(token)


class ReplicaRouter:
    """Named outright for every query, never left to Django's fallback (the database a row was
    read from): a row read on the replica is saved to the primary."""

    def db_for_read(self, model, **hints):
        # Inside a transaction on the primary, reads follow its writes (and a test's rows).
        if _allowed.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
