"""Writes that touch several models or the outside world."""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .models import Article, DailyViews


def is_countable_view(request) -> bool:
    """A reader's GET: not staff, not a HEAD request, not an obvious bot."""
    user = getattr(request, "user", None)  # the page cache counts before authentication
    if request.method != "GET" or (user is not None and user.is_staff):
        return False
    agent = request.headers.get("User-Agent", "")
    if not re.search(settings.VIEW_COUNT_UA_ALLOW, agent):
        return False
    return not re.search(settings.VIEW_COUNT_UA_DENY, agent, re.IGNORECASE)


def article_view_record(*, article: Article, request) -> bool:
    """Count one reader view, once per visitor and article within the dedupe window.

    The count is a single upsert that adds one in the database: no read, no race.
    """
    if not is_countable_view(request):
        return False
    visitor = "|".join([request.META.get("REMOTE_ADDR", ""), request.headers.get("User-Agent", "")])
    digest = hashlib.blake2b(visitor.encode(), digest_size=12).hexdigest()
    if not cache.add(f"viewed:{article.pk}:{digest}", 1, settings.VIEW_COUNT_DEDUPE_SECONDS):
        return False
    table = connection.ops.quote_name(DailyViews._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, 1) "
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + 1",
            [article.pk, timezone.localdate()],
        )
    return True
