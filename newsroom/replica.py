"""Reads from a replica: with DATABASE_REPLICA_URL set, a second database alias, "replica" (a
streaming standby of the primary, docs/deploy.md), and this router.

Only what a request allows reads the replica: the page cache builds an anonymous reader's page
inside reads(True) when its last change is older than REPLICA_MAX_LAG seconds
(pagecache.settled), so a standby that lags cannot put a taken-down article back into the cache.
Everything else reads the primary: staff, the admin, every write and what follows it in a
transaction, the counters, tips, sessions. Writes always go to the primary. Without the setting
there is no alias and no router, and reads() changes nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_allowed = ContextVar("newsroom_reads_replica", default=False)


def enabled() -> bool:
    return REPLICA in settings.DATABASES


def allowed() -> bool:
    """Whether this request (this thread or task) may read the replica now."""
    return _allowed.get()


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
