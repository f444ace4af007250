"""A tip's attachments, checked by their content, each problem a Korean message naming the file.

Photos go through the articles' photo pipeline (articles.images.process_image: decoded, scaled,
re-encoded, so EXIF and GPS are gone); a PDF is kept as sent once its first bytes say it is one.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from articles.images import process_image, safe_name

PDF_MAGIC = b"%PDF-"
MAX_FILES = 3


@dataclass(frozen=True)
class CleanFile:
    file: File
    name: str  # what the desk sees and downloads it as
    content_type: str
    size: int


def shown_name(upload) -> str:
    name = upload.name or "이름 없는 파일"
    return name if len(name) <= 40 else name[:39] + "…"


def clean_attachment(upload) -> CleanFile:
    """The photo re-encoded, or the PDF as it is; else ValidationError with the file's name."""
    label = shown_name(upload)
    if upload.size > settings.TIP_FILE_MAX_BYTES:
        limit = settings.TIP_FILE_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"‘{label}’: 파일이 너무 큽니다. {limit}MB 이하로 올려 주세요.")
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) == PDF_MAGIC:
        upload.seek(0)
        name = safe_name(upload.name, "pdf")
        return CleanFile(upload, name, "application/pdf", upload.size)
    try:
        photo = process_image(upload)
    except ValidationError as error:
        if error.code == "not_an_image":
            message = "사진(JPEG, PNG, WebP, GIF)이나 PDF 파일만 올릴 수 있습니다."
        else:
            message = error.messages[0]
        raise ValidationError(f"‘{label}’: {message}") from None
    return CleanFile(photo, photo.name, photo.content_type, photo.size)
