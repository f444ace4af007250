"""{% ad "top" %}: a place's banners on a reader page (a box of the page cache, ads.cache), and
{% body_with_ad rest %}: an article's body with the 기사 본문 중간 place after its first
paragraph."""

from html.parser import HTMLParser

from django import template
from django.utils.safestring import SafeString, mark_safe

from newsroom import pagecache

register = template.Library()

# The reader pages by URL name; any other page is "other".
KINDS = {
    "articles:home": "home",
    "articles:section": "section",
    "articles:detail": "article",
    "articles:preview": "article",
    "articles:share": "article",
}


def page_kind(request) -> str:
    match = getattr(request, "resolver_match", None)
    return KINDS.get(match.view_name if match else "", "other")


@register.simple_tag(takes_context=True)
def ad(context, code: str) -> SafeString:
    request = context["request"]
    return mark_safe(pagecache.box(request, "ads", code, page_kind(request)))  # our own HTML


class _FirstParagraph(HTMLParser):
    """Finds where the first paragraph at the top level of a piece of HTML ends."""

    VOID = {"br", "hr", "img", "wbr", "source", "col", "input", "meta", "link", "area"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.end = None  # (line, column) of the closing </p>

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1)
        if tag == "p" and self.depth == 0 and self.end is None:
            self.end = self.getpos()


def split_after_first_paragraph(html: str) -> tuple[str, str]:
    """(the HTML up to and with its first top-level </p>, the rest); ("html", "") if none."""
    parser = _FirstParagraph()
    parser.feed(html)
    parser.close()
    if parser.end is None:
        return html, ""
    line, column = parser.end
    offset = sum(len(text) for text in html.splitlines(keepends=True)[: line - 1]) + column
    cut = html.index(">", offset) + 1
    return html[:cut], html[cut:]


@register.simple_tag(takes_context=True)
def body_with_ad(context, rest: str) -> SafeString:
    """`rest` is the article's sanitized body after its lead paragraph (Article.lead_and_rest)."""
    before, after = split_after_first_paragraph(rest)
    return mark_safe(before + ad(context, "middle") + after)  # the cleaned body, our own box
