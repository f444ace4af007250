"""Photo uploads: decoded by Pillow, stripped of EXIF (GPS included), scaled down, re-encoded.

Every photo readers can load from the media storage comes out of process_image(), under a name
from safe_name(), or is one of its smaller copies (articles.photo_sizes). why_foreign() tells a
stored file that could not have come out of either; the clean_media command uses it to find files
stored some other way.
"""

import struct
from collections.abc import Callable
from io import BytesIO
from pathlib import PurePath, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.text import slugify
from PIL import Image, ImageOps, UnidentifiedImageError

from .photo_sizes import original_of

# Pillow format -> (extension, content type) of the re-encoded copy; GIFs become PNGs.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("png", "image/png"),
}
# What the pipeline writes: extension -> Pillow format.
WRITTEN = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
# What articles.photo_sizes writes: extension of a copy -> Pillow format.
COPIED = {**WRITTEN, "avif": "AVIF"}
# A file system allows 255 bytes per name (ext4, XFS, APFS); the storage may add "_" and seven
# characters when a name is taken, and the lead photo's column holds 100 characters in all.
STEM_MAX_BYTES = 80


class CleanImage(InMemoryUploadedFile):
    """An upload that has been through process_image()."""


def too_many_pixels(size=None) -> ValidationError:
    shown = f" ({size[0]}×{size[1]})" if size else ""
    return ValidationError(
        f"사진의 화소 수가 너무 많습니다{shown}. 더 작은 사진을 올려 주세요.",
        code="too_many_pixels",
    )


def process_image(upload) -> CleanImage:
    """Return a clean copy of an uploaded image, or raise ValidationError with a Korean message."""
    if upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        limit = settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            f"사진 파일이 너무 큽니다. {limit}MB 이하로 올려 주세요.", code="too_big"
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                raise too_many_pixels((width, height))
            probe.verify()
        if kind not in FORMATS:
            raise UnidentifiedImageError(kind)
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses to open it at all: far more pixels than IMAGE_UPLOAD_MAX_PIXELS.
        raise too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "사진 파일(JPEG, PNG, WebP, GIF)만 올릴 수 있습니다. "
            "파일이 손상되지 않았는지 확인해 주세요.",
            code="not_an_image",
        ) from None

    image.thumbnail((settings.IMAGE_MAX_EDGE, settings.IMAGE_MAX_EDGE))
    extension, content_type = FORMATS[kind]
    out_format = "PNG" if kind == "GIF" else kind
    if out_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = BytesIO()
    # A fresh image carries no EXIF, ICC or text chunks unless we pass them: we pass none.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    options = {"quality": 85, "optimize": True} if out_format in ("JPEG", "WEBP") else {}
    clean.save(buffer, format=out_format, **options)
    size = buffer.tell()
    buffer.seek(0)
    name = safe_name(upload.name, extension)
    return CleanImage(buffer, "upload", name, content_type, size, None)


def safe_name(name: str | None, extension: str) -> str:
    """A file name for a stored photo: the upload's own words (Korean kept), nothing that reads
    as another extension, at most STEM_MAX_BYTES bytes before the extension we chose."""
    stem = slugify(PurePath(name or "").stem, allow_unicode=True)
    # No "_": django-ckeditor named its thumbnails "<name>_thumb", the storage adds "_<random>".
    stem = stem.replace("_", "-").encode()[:STEM_MAX_BYTES].decode(errors="ignore").strip("-")
    return f"{stem or 'photo'}.{extension}"


def clean_lead_photo(field_file):
    """The cleaned copy of a not-yet-saved lead photo (processed once, whoever saves it)."""
    if isinstance(field_file.file, CleanImage):
        return field_file.file
    return process_image(field_file.file)


def why_foreign(
    name: str, read: Callable[[], bytes], exists: Callable[[str], bool] | None = None
) -> str | None:
    """None when a stored file could have come out of process_image(), or is a smaller copy of
    a photo that is still stored, else why not (Korean). read() gives the file's bytes; it is not
    called when the name alone tells. exists(name) tells whether a file is stored (by default,
    in the media storage).

    Ours means: a .jpg, .png or .webp name without django-ckeditor's "_thumb", or a copy's name
    (articles.photo_sizes) whose original is stored; content of that very format, holding only
    the parts Pillow writes for our images (no EXIF, ICC, XMP, comment or text chunk, nothing
    after the image's end), which decodes whole and fits IMAGE_MAX_EDGE.
    """
    path = PurePosixPath(name)
    extension = path.suffix[1:]
    original = original_of(name)
    formats = WRITTEN if original is None else COPIED
    if extension not in formats:
        return f"사진 확장자(.jpg·.png·.webp)가 아닙니다: {path.suffix or '확장자 없음'}"
    if path.stem.endswith("_thumb"):
        return "django-ckeditor가 만든 미리보기 그림입니다"
    if original is not None and not (exists or default_storage.exists)(original):
        return f"원본 사진이 없는 작은 사본입니다 (원본 {original})"
    data = read()
    try:
        with Image.open(BytesIO(data)) as image:
            kind = image.format
            if kind != formats[extension]:
                return f"내용({kind})이 확장자(.{extension})와 다릅니다"
            if max(image.size) > settings.IMAGE_MAX_EDGE:
                width, height = image.size
                return f"{width}×{height}: IMAGE_MAX_EDGE({settings.IMAGE_MAX_EDGE})보다 큽니다"
            image.load()
    except Image.DecompressionBombError:
        return "화소 수가 지나치게 많습니다"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "사진으로 끝까지 읽을 수 없습니다"
    try:
        return STRUCTURE_CHECKS[kind](data)
    except (IndexError, struct.error):
        return "파일 구조가 맞지 않습니다"


def _png_problem(data: bytes) -> str | None:
    allowed = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        position += 12 + length
        if kind not in allowed:
            return f"우리가 쓰지 않는 PNG 조각이 있습니다: {kind.decode('latin-1')}"
        if kind == b"IEND":
            return None if position == len(data) else "그림이 끝난 뒤에 다른 데이터가 붙어 있습니다"
    return "PNG가 끝나지 않았습니다"


def _webp_problem(data: bytes) -> str | None:
    allowed = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    if struct.unpack("<I", data[4:8])[0] + 8 != len(data):
        return "RIFF 길이가 파일과 다릅니다"
    position = 12
    while position + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[position : position + 8])
        if kind not in allowed:
            return f"우리가 쓰지 않는 WebP 조각이 있습니다: {kind.decode('latin-1')}"
        position += 8 + length + (length & 1)
    return None if position == len(data) else "WebP 조각의 길이가 맞지 않습니다"


def _jpeg_problem(data: bytes) -> str | None:
    # Before the image data: JFIF (APP0), quantization and Huffman tables, the frame header.
    allowed = {0xE0, 0xDB, 0xC4, 0xC0, 0xDD}
    position = 2
    while True:
        if data[position] != 0xFF:
            return "JPEG 구조가 맞지 않습니다"
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        if marker == 0xDA:  # start of scan: one scan, as Pillow writes a baseline JPEG
            break
        jfif = data[position + 4 : position + 9] == b"JFIF\0"
        if marker not in allowed or (marker == 0xE0 and not jfif):
            return f"메타데이터나 우리가 쓰지 않는 JPEG 조각이 있습니다: FF{marker:02X}"
        position += 2 + length
    position += 2 + length
    # In the scan, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker; the first other
    # marker must be the end of the image, and the last two bytes of the file.
    while (position := data.find(b"\xff", position)) != -1:
        follower = data[position + 1] if position + 1 < len(data) else None
        if follower == 0x00 or follower is not None and 0xD0 <= follower <= 0xD7:
            position += 2
            continue
        if follower == 0xD9 and position + 2 == len(data):
            return None
        return "그림이 끝난 뒤에 다른 데이터가 붙어 있습니다"
    return "JPEG가 끝나지 않았습니다"


def _avif_problem(data: bytes) -> str | None:
    # Pillow writes ftyp, meta and mdat; the meta box's items are AV1 pictures (the photo and
    # its transparency), never an Exif or XMP (mime) item.
    top = _boxes(data, 0, len(data))
    if top is None or not top or top[0][0] != b"ftyp":
        return "AVIF 상자 구조가 맞지 않습니다"
    for kind, start, end in top:
        if kind not in (b"ftyp", b"meta", b"mdat"):
            return f"우리가 쓰지 않는 AVIF 상자가 있습니다: {kind.decode('latin-1')}"
        if kind != b"meta":
            continue
        for inner, inner_start, inner_end in _boxes(data, start + 4, end) or []:
            if inner != b"iinf":
                continue
            count_bytes = 2 if data[inner_start] == 0 else 4  # after version and flags
            for _, item_start, _ in _boxes(data, inner_start + 4 + count_bytes, inner_end) or []:
                # infe: version, flags, item id (2 bytes, 4 from version 3), protection (2), type
                offset = 10 if data[item_start] >= 3 else 8
                item_type = data[item_start + offset : item_start + offset + 4]
                if item_type != b"av01":
                    return f"사진이 아닌 항목이 있습니다: {item_type.decode('latin-1')}"
    return None


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]] | None:
    """The ISO boxes from start to end as (kind, content start, end); None if they do not fill
    it exactly."""
    boxes = []
    position = start
    while position < end:
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        if size < 8 or position + size > end:
            return None
        boxes.append((kind, position + 8, position + size))
        position += size
    return boxes


STRUCTURE_CHECKS = {
    "PNG": _png_problem,
    "WEBP": _webp_problem,
    "JPEG": _jpeg_problem,
    "AVIF": _avif_problem,
}
