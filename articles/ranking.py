"""The most-read ranking: a short-lived cache of ids and counts, re-checked against what is live."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import Article

WINDOWS = {"day": ("오늘", 1), "week": ("이번 주", 7), "month": ("이번 달", 30)}


def window_start(window: str, now: datetime | None = None) -> date:
    """The first day counted: the Seoul calendar day on which the window's hours begin."""
    days = WINDOWS[window][1]
    return timezone.localdate((now or timezone.now()) - timedelta(days=days))


def most_read(window: str, limit: int = 10) -> list[Article]:
    """The top `limit` live articles of the window. One query, cold cache or warm.

    The cache holds ids only, so an article taken down leaves the ranking at once.
    """
    key = f"most-read:{window}:{limit}"
    ranked = cache.get(key)
    if ranked is None:
        articles = list(Article.objects.most_read(window_start(window))[:limit])
        ranking = [(article.pk, article.total_views) for article in articles]
        cache.set(key, ranking, settings.MOST_READ_CACHE_SECONDS)
        return articles
    if not ranked:
        return []
    live = {
        article.pk: article
        for article in Article.objects.published()
        .filter(pk__in=[pk for pk, _ in ranked])
        .select_related("section")
        .defer("body")
    }
    articles = []
    for pk, total in ranked:
        if pk in live:
            live[pk].total_views = total
            articles.append(live[pk])
    return articles
