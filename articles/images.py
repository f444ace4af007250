"""Photo uploads: decoded by Pillow, stripped of EXIF (GPS included), scaled down, re-encoded."""

from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format -> (extension, content type) of the re-encoded copy; GIFs become PNGs.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("png", "image/png"),
}


class CleanImage(InMemoryUploadedFile):
    """An upload that has been through process_image()."""


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
            probe.verify()
        if kind not in FORMATS:
            raise UnidentifiedImageError(kind)
        if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
            raise ValidationError(
                f"사진의 화소 수가 너무 많습니다 ({width}×{height}). 더 작은 사진을 올려 주세요.",
                code="too_many_pixels",
            )
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
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
    name = PurePath(upload.name or "photo").stem or "photo"
    size = buffer.tell()
    buffer.seek(0)
    return CleanImage(buffer, "upload", f"{name}.{extension}", content_type, size, None)


def clean_lead_photo(field_file):
    """The cleaned copy of a not-yet-saved lead photo (processed once, whoever saves it)."""
    if isinstance(field_file.file, CleanImage):
        return field_file.file
    return process_image(field_file.file)
