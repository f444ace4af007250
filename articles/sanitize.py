"""The allow-list for article HTML. Every stored body passes through clean_html(), applied by the
body's field (articles.fields.SanitizedHTMLField) on every way into the database."""

from urllib.parse import urlsplit

import nh3
from django.conf import settings

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "img",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
CLASSES = {"figure": {"photo", "image", "align-left", "align-right", "align-center"}}
# The content of these goes with the tag, not just the tag.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if is_own_media(value) else None
    if name in ("width", "height"):
        return value if value.isdigit() else None
    return value


def is_own_media(url: str) -> bool:
    """Images in a body must come from our own media storage, not from elsewhere."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and parts.path.startswith(settings.MEDIA_URL)


class CleanHTML(str):
    """HTML that clean_html() returned, so that a write does not clean it again on its way to the
    database (as Django's SafeString marks text already escaped). Any change to it gives a plain
    str, which is cleaned again."""

    __slots__ = ()


_cleaner = None


def clean_html(html: str) -> CleanHTML:
    global _cleaner
    if isinstance(html, CleanHTML):
        return html
    if _cleaner is None:
        _cleaner = nh3.Cleaner(
            tags=TAGS,
            clean_content_tags=DROP_WITH_CONTENT,
            attributes=ATTRIBUTES,
            attribute_filter=_keep_attribute,
            allowed_classes=CLASSES,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener noreferrer",
        )
    return CleanHTML(_cleaner.clean(html or "").strip())
