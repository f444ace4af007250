"""The allow-list for article HTML. Every stored body passes through clean_html(), applied by the
body's field (articles.fields.SanitizedHTMLField) on every way into the database."""

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings

from .photo_sizes import body_photo

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "img",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    # srcset, sizes, width, height and loading of our own photos are written by _PhotoSizes.
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
CLASSES = {
    "figure": {"photo", "image", "align-left", "align-right", "align-center"},
    "p": {"align-center"},  # centring pasted from Word or 한글 (_PastedStyles)
}
# The content of these goes with the tag, not just the tag.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}


SIZES = re.compile(r"^[a-z0-9 ().,:%+*/-]+$")  # media conditions and lengths, nothing fetched


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if is_own_media(value) else None
    if name in ("width", "height"):
        return value if value.isdigit() else None
    if name == "srcset":
        return value if _own_srcset(value) else None
    if name == "sizes":
        return value if SIZES.match(value) else None
    if name == "loading":
        return value if value in ("lazy", "eager") else None
    return value


def _own_srcset(value: str) -> bool:
    """Every candidate of a srcset is one of our media URLs with a width (`/media/… 480w`)."""
    for candidate in value.split(","):
        parts = candidate.split()
        if len(parts) != 2 or not is_own_media(parts[0]) or not re.fullmatch(r"[0-9]+w", parts[1]):
            return False
    return True


def is_own_media(url: str) -> bool:
    """Images in a body must come from our own media storage, not from elsewhere: under
    MEDIA_URL, which is a path on this site (/media/) or the address of the bucket or its CDN
    (https://cdn.example/, https://kr.object.ncloudstorage.com/bucket/), with no dot segment
    that would step out of it (to another bucket on the same host)."""
    parts, media = urlsplit(url), urlsplit(settings.MEDIA_URL)
    if (parts.scheme, parts.netloc.lower()) != (media.scheme, media.netloc.lower()):
        return False
    path = unquote(parts.path)
    if "\\" in path or {".", ".."} & set(path.split("/")):
        return False
    return parts.path.startswith(media.path)


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
    html = html or ""
    if "style" in html.lower():
        html = _PastedStyles.rewrite(html)
    # A paragraph whose classes were all foreign (Word's MsoNormal) keeps none, not class="".
    cleaned = _cleaner.clean(html).replace('<p class="">', "<p>")
    if "<img" in cleaned or "<figure" in cleaned:
        cleaned = _NoEmptyPhotos.rewrite(cleaned)
    if "<img" in cleaned:
        cleaned = _PhotoSizes.rewrite(cleaned)
    return CleanHTML(cleaned.strip())


class _Rewriter(HTMLParser):
    """Writes the HTML it reads back as it came, for subclasses to change a few tags."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []

    @classmethod
    def rewrite(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        parser.finish()
        return "".join(parser.out)

    def finish(self):
        pass

    def emit(self, text):
        self.out.append(text)

    def handle_starttag(self, tag, attrs):
        self.emit(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.emit(f"</{tag}>")

    def handle_data(self, data):
        self.emit(data)

    def handle_entityref(self, name):
        self.emit(f"&{name};")

    def handle_charref(self, name):
        self.emit(f"&#{name};")

    def handle_comment(self, data):
        self.emit(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.emit(f"<!{decl}>")

    def unknown_decl(self, data):
        self.emit(f"<![{data}]>")

    def handle_pi(self, data):
        self.emit(f"<?{data}>")


VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CENTRED_BLOCKS = {"p", "div"}


def _declarations(style: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return {name.strip().lower(): value.strip().lower() for name, value in pairs}


def _is_bold(weight: str) -> bool:
    weight = weight.removesuffix("!important").strip()
    return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)


class _PastedStyles(_Rewriter):
    """Word and 한글 (HWP) paste their formatting as inline `style`, which the allow-list drops:
    bold becomes <strong>, italics <em>, and a centred paragraph (or the paragraphs of a centred
    div) the class "align-center", so that they are kept."""

    def __init__(self):
        super().__init__()
        self.open = []  # (tag, what closes what this tag opened, centred)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return super().handle_starttag(tag, attrs)
        style = _declarations(dict(attrs).get("style") or "")
        inner = []
        if _is_bold(style.get("font-weight", "")):
            inner.append("strong")
        if style.get("font-style", "").startswith(("italic", "oblique")):
            inner.append("em")
        centred = style.get("text-align", "").startswith("center") and tag in CENTRED_BLOCKS
        inherited = any(entry[2] for entry in self.open if entry[0] == "div")
        if tag == "p" and (centred or inherited):
            classes = (dict(attrs).get("class") or "").split()
            attrs = [(name, value) for name, value in attrs if name != "class"]
            attrs.append(("class", " ".join([*classes, "align-center"])))
            text = "".join(
                f" {name}" if value is None else f' {name}="{escape(value)}"'
                for name, value in attrs
            )
            self.emit(f"<{tag}{text}>")
        else:
            self.emit(self.get_starttag_text())
        self.emit("".join(f"<{name}>" for name in inner))
        self.open.append((tag, "".join(f"</{name}>" for name in reversed(inner)), centred))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                for _tag, closers, _centred in reversed(self.open[index:]):
                    self.emit(closers)
                del self.open[index:]
                break
        self.emit(f"</{tag}>")

    def finish(self):
        for _tag, closers, _centred in reversed(self.open):
            self.emit(closers)


class _NoEmptyPhotos(_Rewriter):
    """After cleaning: an <img> whose source was not ours has none left (a reader would see an
    empty box), so it goes; so does a <figure> left with no photo (and its caption with it)."""

    def __init__(self):
        super().__init__()
        self.figures = []  # per open figure: [its output so far, whether it holds a photo]

    def emit(self, text):
        (self.figures[-1][0] if self.figures else self.out).append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            if not dict(attrs).get("src"):
                return
            if self.figures:
                self.figures[-1][1] = True
        if tag == "figure":
            self.figures.append([[], False])
        super().handle_starttag(tag, attrs)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag == "figure" and self.figures:
            parts, has_photo = self.figures.pop()
            if has_photo:
                self.emit("".join(parts))
                if self.figures:
                    self.figures[-1][1] = True

    def finish(self):
        while self.figures:  # nh3's output closes every figure; this is only for safety
            parts, has_photo = self.figures.pop()
            if has_photo:
                self.emit("".join(parts))


class _PhotoSizes(_Rewriter):
    """After cleaning: each <img> (all of them ours by now) gets its size, its smaller copies
    and lazy loading from the stored photo (articles.photo_sizes.body_photo), whatever the
    editor sent; one whose photo cannot be read keeps only its width and height."""

    GIVEN = ("srcset", "sizes", "width", "height", "loading")

    def __init__(self):
        super().__init__()
        self.figures = 0

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self.figures += 1
        if tag != "img":
            return super().handle_starttag(tag, attrs)
        given = dict(attrs)
        kept = [(name, value) for name, value in attrs if name not in self.GIVEN]
        sizes = body_photo(given.get("src") or "", given.get("width"), self.figures > 0)
        if sizes is None:
            sizes = {name: given[name] for name in ("width", "height") if given.get(name)}
        else:
            sizes["loading"] = "lazy"
        text = "".join(
            f' {name}="{escape(value or "")}"' for name, value in [*kept, *sizes.items()]
        )
        self.emit(f"<img{text}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "figure":
            self.figures = max(0, self.figures - 1)
        super().handle_endtag(tag)
