from datetime import date, datetime

from django import template
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.photo_sizes import LAYOUTS, copy_name, fallback, srcset, widths
from newsroom import inline, pagecache

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


@register.filter
def iso(value: datetime | None) -> str:
    """2024-07-30T13:34:14+09:00: a moment for <time datetime> and metadata, in Seoul time and
    whole seconds (Django's `|date:'c'` adds microseconds, which HTML does not allow)."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.inclusion_tag("includes/card/article_teaser.html")
def article_teaser(article, show_section=True, show_photo=True, heading=3):
    """heading: the title's level under the page's own headings (2 right under the <h1>)."""
    return {
        "article": article,
        "show_section": show_section,
        "show_photo": show_photo,
        "heading": heading,
    }


@register.inclusion_tag("includes/photo.html")
def photo(article, layout: str, alt: str = "", priority: bool = False) -> dict:
    """An article's lead photo as `layout` shows it (articles.photo_sizes.LAYOUTS): AVIF and
    WebP copies for browsers that read them, JPEG (PNG) for the rest, in the widths worth loading
    there; with its width and height, so that nothing moves when it arrives; loaded lazily unless
    it is the page's largest image (`priority`: fetched first). From the row alone: no query, no
    storage call. A photo whose size is not known yet (make_photo_sizes) is shown as stored."""
    name, width, height = article.photo.name, article.photo_width, article.photo_height
    context = {"src": article.photo.url, "alt": alt, "priority": priority}
    if not (width and height):
        return context
    shown = LAYOUTS[layout]
    extension = fallback(name)
    largest = widths(width, shown.up_to)[-1]
    context.update(
        src=default_storage.url(copy_name(name, largest, extension)),
        width=width,
        height=height,
        sizes=shown.sizes,
        avif=srcset(name, width, "avif", shown.up_to),
        webp=srcset(name, width, "webp", shown.up_to),
        fallback=srcset(name, width, extension, shown.up_to),
    )
    return context


@register.simple_tag
def photo_preload(article, layout: str):
    """The head's preload of the photo {% photo article layout priority=True %} shows: the
    browser asks for it with the page's first bytes, before its first layout (with the
    stylesheet in the page, that layout comes before the parser reaches the photo)."""
    context = photo(article, layout)
    if "avif" not in context:
        return ""
    return format_html(
        '<link rel="preload" as="image" type="image/avif" imagesrcset="{}" imagesizes="{}"'
        ' fetchpriority="high">',
        context["avif"],
        context["sizes"],
    )


@register.simple_tag
def inline_stylesheet():
    """static/css/site.css in a <style>, which the Content-Security-Policy allows by its hash."""
    return mark_safe(f"<style>{inline.css()}</style>")  # our own file


@register.simple_tag
def inline_scripts():
    """The reader pages' scripts in one <script>, allowed by its hash (newsroom.inline)."""
    return mark_safe(f"<script>{inline.js()}</script>")  # our own files


@register.simple_tag(takes_context=True)
def box(context, name, *args):
    """A box pages share (masthead, ticker, footer, most-read, related; newsroom.pagecache): its
    HTML, or a hole the page cache fills on every request."""
    return mark_safe(pagecache.box(context["request"], name, *args))  # our own rendered HTML
