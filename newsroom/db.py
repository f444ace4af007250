"""Prepared statements for the few statements every cache-cold article page runs.

Django's PostgreSQL cursors bind parameters on the client, so PostgreSQL parses and plans each
statement anew. A statement sent through prepared_cursor() goes with its parameters apart and,
from its fifth use on a connection, is prepared there (`prepare_threshold` in settings): no
parsing, no planning. Only statements whose plan does not depend on the values belong here; the
ORM's queries keep client-side binding (a search pattern sent as a parameter made PostgreSQL
choose a plan a hundred times slower, docs/performance.md).
"""

from django.db import connection


def prepared_cursor():
    """A cursor like connection.cursor(), whose statements PostgreSQL may keep prepared."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    # What connection.cursor() does, with the server-binding cursor psycopg offers.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(ServerBindingCursor(connection.connection))
