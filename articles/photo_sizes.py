"""Smaller copies of every stored photo, so that a page loads each photo at the size it shows it.

A photo stored under `name` (photos/2026/12/현장.jpg, uploads/3/2026/12/01/현장.png) gets a copy at
each of WIDTHS narrower than itself, and one at its own width if that is not wider than the last,
each in AVIF, WebP and a fallback for browsers that read neither: JPEG, or PNG for a PNG original
(a drawing may be transparent). A copy is named `<name>.w<width>.<extension>` and stands beside
its original (photos/2026/12/현장.jpg.w480.webp): the original's extension stays in the name, as
현장.jpg and 현장.png may share a folder.

The names follow from the original's name and width alone, so a page writes its srcset with no
query and no storage call (srcset()). Copies are read and written through Django's storage API
only, so they live wherever the media storage is, object storage included. Pillow writes them
from pixels alone: no EXIF, ICC or XMP reaches a copy.
"""

import posixpath
import re
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

# Teasers are 112–160 CSS px wide, the home's top photo up to 428, an article's photos up to 672
# (static/css/site.css); a phone's screen has 2 or 3 device pixels to the CSS pixel.
WIDTHS = (240, 480, 720, 960, 1440)
# extension -> Pillow format and options. AVIF at speed 9 keeps a 2000 px photo's copies within
# the 2 s budget on a 2-core machine (docs/performance.md has the figures).
ENCODINGS = {
    "avif": ("AVIF", {"quality": 55, "speed": 9}),
    "webp": ("WEBP", {"quality": 75}),
    "jpg": ("JPEG", {"quality": 80, "optimize": True}),
    "png": ("PNG", {}),
}
COPY = re.compile(
    r"^(?P<original>.+\.(?:jpg|png|webp))\.w(?P<width>[1-9][0-9]*)\.(?P<extension>avif|webp|jpg|png)$"
)


@dataclass(frozen=True)
class Layout:
    """Where a page shows a photo: `sizes` for the browser (the photo's CSS width at each
    viewport width, from static/css/site.css), and the widest copy worth offering there."""

    sizes: str
    up_to: int


LAYOUTS = {
    # .teaser.has-photo: a 7rem column, 10rem from 720 px.
    "teaser": Layout("(min-width: 720px) 160px, 112px", 480),
    # .top-story: the photo takes 1.2fr of 1.2fr + 1fr (6/11) beside the text from 720 px, the
    # page being 72rem at most with 1rem of padding, the side column 18rem after a 2rem gap.
    "top": Layout(
        "(min-width: 1152px) 428px, (min-width: 960px) calc((100vw - 368px) * 6 / 11), "
        "(min-width: 720px) calc((100vw - 48px) * 6 / 11), calc(100vw - 32px)",
        1440,
    ),
    # The front page (templates/frontpage/home.html): .front-row's thumbnail, 7rem from 720 px and
    # 5.5rem below (서브톱, a section box's lead, 포토뉴스 on a phone).
    "thumb": Layout("(min-width: 720px) 112px, 88px", 480),
    # .photo-strip from 720 px: five across the main column (800 px at most) with 12 px between.
    "strip": Layout(
        "(min-width: 1152px) 150px, (min-width: 960px) calc((100vw - 400px) / 5), "
        "(min-width: 720px) calc((100vw - 80px) / 5), 88px",
        480,
    ),
    # .article-body: 42rem at most, in the main column (beside the side column from 960 px).
    "body": Layout(
        "(min-width: 1024px) 672px, (min-width: 960px) calc(100vw - 352px), "
        "(min-width: 704px) 672px, calc(100vw - 32px)",
        1440,
    ),
}
BODY_WIDTH = 672  # the widest an article's photo is shown (.article-body, 42rem)
# What reading a stored photo may raise: gone, not an image, cut short or damaged, too large.
UNREADABLE = (OSError, SyntaxError, ValueError, Image.DecompressionBombError)


def fallback(name: str) -> str:
    """The extension of the copies for browsers without AVIF and WebP."""
    return "png" if name.lower().endswith(".png") else "jpg"


def widths(width: int, up_to: int | None = None) -> list[int]:
    """The widths of the copies of a photo `width` pixels wide (those up to `up_to`)."""
    kept = [w for w in WIDTHS if w < width]
    if width <= WIDTHS[-1]:
        kept.append(width)
    return [w for w in kept if up_to is None or w <= up_to] or kept[:1]


def copy_name(name: str, width: int, extension: str) -> str:
    return f"{name}.w{width}.{extension}"


def original_of(name: str) -> str | None:
    """The original's name if `name` is a copy's, else None."""
    match = COPY.match(name)
    return match["original"] if match else None


def srcset(name: str, width: int, extension: str, up_to: int | None = None) -> str:
    """`url 240w, url 480w, …` of a photo's copies in one format: from names alone."""
    return ", ".join(
        f"{default_storage.url(copy_name(name, w, extension))} {w}w" for w in widths(width, up_to)
    )


def body_photo(src: str, width: str | None, in_figure: bool) -> dict[str, str] | None:
    """The sizes of an <img> in an article's body that shows one of our photos: width and
    height (the editor's width if narrower, in its proportions), and, when its copies are
    stored, srcset (in the fallback format: a stored body holds no <picture>) and sizes. None
    when the photo cannot be read."""
    name = media_name(src)
    try:
        with _opened(name, None) as image:
            natural = image.size
    except UNREADABLE:
        return None
    shown = natural[0]
    if not in_figure and width and width.isdigit() and 0 < int(width) < shown:
        shown = int(width)  # a figure's photo fills the column whatever its width says
    attributes = {"width": str(shown), "height": str(round(natural[1] * shown / natural[0]))}
    extension = fallback(name)
    if all(default_storage.exists(copy_name(name, w, extension)) for w in widths(natural[0])):
        attributes["srcset"] = srcset(name, natural[0], extension)
        if in_figure or shown >= BODY_WIDTH:
            attributes["sizes"] = LAYOUTS["body"].sizes
        else:
            attributes["sizes"] = f"(min-width: {shown + 32}px) {shown}px, calc(100vw - 32px)"
    return attributes


def media_name(url: str) -> str:
    """The media storage's name for one of our media URLs (/media/… or the bucket's https://…,
    as a page writes it)."""
    return unquote(urlsplit(url).path).removeprefix(unquote(urlsplit(settings.MEDIA_URL).path))


def make_copies(name: str, data: bytes | None = None, *, replace: bool = False):
    """Write the copies of the stored photo `name` that are missing (all of them with
    `replace`, for a photo just stored). `data` is the photo's bytes when the caller has them.
    Returns (width, height) of the photo and the names of the copies written, or None when it
    cannot be read."""
    try:
        with _opened(name, data) as image:
            wanted = _wanted(name, image.size[0], replace)
            if wanted:
                _write(name, image, wanted, replace)
            return image.size, [copy_name(name, w, extension) for w, extension in wanted]
    except UNREADABLE:
        return None


def missing_copies(name: str):
    """(width, height) of the stored photo `name` and the names of its copies not stored yet,
    or None when it cannot be read. Writes nothing."""
    try:
        with _opened(name, None) as image:
            wanted = _wanted(name, image.size[0], replace=False)
            return image.size, [copy_name(name, w, extension) for w, extension in wanted]
    except UNREADABLE:
        return None


def delete_copies(name: str) -> list[str]:
    """Delete the copies of `name` (found by listing its folder, so that they go even when the
    original is gone); returns their names."""
    folder = posixpath.dirname(name)
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    copies = [posixpath.join(folder, f) for f in files]
    copies = [c for c in copies if original_of(c) == name]
    for copy in copies:
        default_storage.delete(copy)
    return copies


def _wanted(name, width, replace):
    return [
        (w, extension)
        for w in widths(width)
        for extension in ("avif", "webp", fallback(name))
        if replace or not default_storage.exists(copy_name(name, w, extension))
    ]


def _opened(name, data):
    if data is not None:
        return Image.open(BytesIO(data))
    with default_storage.open(name) as stored:
        return Image.open(BytesIO(stored.read()))


def _write(name, image, wanted, replace):
    image.load()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image.info = {}  # pixels only: nothing of the original's metadata is carried over
    width, height = image.size
    current = image
    for w in sorted({w for w, _ in wanted}, reverse=True):
        # Each copy from the next larger one: far quicker than from the original each time.
        size = (w, max(1, round(height * w / width)))
        if current.size != size:
            current = current.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        for extension in [e for copy_width, e in wanted if copy_width == w]:
            copy = copy_name(name, w, extension)
            if replace:
                default_storage.delete(copy)  # one left by an earlier photo of that name
            default_storage.save(copy, ContentFile(_encoded(current, extension)))


def _encoded(image, extension) -> bytes:
    kind, options = ENCODINGS[extension]
    if kind == "JPEG" and image.mode == "RGBA":
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format=kind, **options)
    return buffer.getvalue()
