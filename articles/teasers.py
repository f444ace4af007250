"""Plain-text teasers: an article's HTML as text, cut cleanly on a word boundary."""

from html.parser import HTMLParser

BLOCKS = {"p", "br", "h2", "h3", "h4", "li", "blockquote", "tr", "td", "th", "figure", "hr", "div"}
SKIPPED = {"figcaption", "script", "style"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str, *, enough: int | None = None) -> str:
    """The text of `html`, whitespace collapsed. With `enough`, reading may stop once the text
    is longer than that: what it returns is then the start of the whole text."""
    collector = _TextCollector()
    html = html or ""
    step = max(4 * enough, 1024) if enough else len(html) or 1
    for start in range(0, len(html), step):
        collector.feed(html[start : start + step])
        # The parser hands over text only up to a tag, so this is a true start of the text.
        if enough and len(_collapsed(collector.parts)) > enough:
            return _collapsed(collector.parts)
    collector.close()
    return _collapsed(collector.parts)


def _collapsed(parts) -> str:
    return " ".join("".join(parts).split())


def teaser(content: str, length: int = 200, *, is_html: bool = True) -> str:
    """At most `length` characters of text, cut after a whole word and closed with '…'."""
    if is_html:
        text = html_to_text(content, enough=length + 1)
    else:
        text = " ".join((content or "").split())
    if len(text) <= length:
        return text
    cut = text[: length + 1]
    space = cut.rfind(" ")
    # Korean sentences are spaced between words; fall back to a hard cut for one long run.
    cut = cut[:space] if space > length * 0.6 else text[:length]
    return cut.rstrip(" ,.·:;-(") + "…"
