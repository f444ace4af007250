from datetime import date, datetime

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from articles.pagecache import kept
from articles.ranking import WINDOWS, most_read
from articles.related import related_box

register = template.Library()

WEEKDAYS = "월화수목금토일"


@register.filter
def korean_date(value: date | datetime) -> str:
    """2026.01.08 (목), in Seoul time."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value:%Y.%m.%d} ({WEEKDAYS[value.weekday()]})"


@register.filter
def stamp(value: datetime | None) -> str:
    """2024.07.30 13:34:14, in Seoul time: the 등록/수정 format."""
    if not value:
        return ""
    return f"{timezone.localtime(value):%Y.%m.%d %H:%M:%S}"


@register.inclusion_tag("includes/card/article_teaser.html")
def article_teaser(article, show_section=True, show_photo=True):
    return {"article": article, "show_section": show_section, "show_photo": show_photo}


@register.simple_tag(takes_context=True)
def related_articles(context, article, count=None):
    """관련기사: the desk's picks, filled with recent articles when there are too few."""
    count = count or settings.RELATED_ARTICLES_COUNT
    return related_box(article, count, context.get("content_version"))


@register.simple_tag(takes_context=True)
def most_read_box(context, window=None, limit=10):
    """가장 많이 본 기사, numbered, with a link to the full ranking.

    The same box is on every page: its HTML is kept for the ranking's cache time, under the
    content version, so taking an article down removes it at once.
    """
    window = window or settings.MOST_READ_WINDOW

    def build():
        box = {"articles": most_read(window, limit), "window": window, "label": WINDOWS[window][0]}
        return render_to_string("articles/tags/most_read.html", box)

    name = f"most-read-box:{window}:{limit}"
    version = context.get("content_version")
    return kept(name, version, build, settings.MOST_READ_CACHE_SECONDS)
