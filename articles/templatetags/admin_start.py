"""The admin start page's tag and the way it writes times (templates/admin/index.html)."""

from datetime import datetime

from django import template
from django.utils import timezone

from ..admin.start import start_page as start_context

register = template.Library()


@register.simple_tag(takes_context=True)
def start_page(context) -> dict:
    """{% start_page as start %}: what the user making the request sees first
    (articles/admin/start.py)."""
    return start_context(context["request"])


@register.filter
def clock(value: datetime | None) -> str:
    """Seoul time as the desk reads it: 14:30 today, 12.01 14:30 on any other day."""
    if not value:
        return ""
    moment = timezone.localtime(value)
    if moment.date() == timezone.localdate():
        return f"{moment:%H:%M}"
    return f"{moment:%m.%d %H:%M}"


@register.filter
def hour(value: datetime) -> str:
    """14:30, Seoul time."""
    return f"{timezone.localtime(value):%H:%M}"


@register.filter
def ago(value: datetime | None, now: datetime | None = None) -> str:
    """How long ago, in the newsroom's words: 방금, 25분 전, 3시간 전, 2일 전; for a moment
    ahead, 25분 뒤, 3시간 뒤."""
    if not value:
        return ""
    seconds = ((now or timezone.now()) - value).total_seconds()
    suffix = "전" if seconds >= 0 else "뒤"
    minutes = int(abs(seconds) // 60)
    if minutes < 1:
        return "방금" if suffix == "전" else "곧"
    if minutes < 60:
        return f"{minutes}분 {suffix}"
    if minutes < 24 * 60:
        return f"{minutes // 60}시간 {suffix}"
    return f"{minutes // (24 * 60)}일 {suffix}"
