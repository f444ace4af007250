"""Uploads a reader may attach to a tip, and the form's fields as a browser sends them."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def phone_photo(name="현장.jpg", size=(1600, 1200)):
    """A JPEG as a phone takes it: with EXIF, GPS included."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 31.0, 30.0), 3: "E", 4: (126.0, 54.0, 10.0)}  # GPS
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name="공문.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def tip_data(**overrides):
    data = {
        "text": "영등포동 골목에 불법 쓰레기가 쌓여 있습니다.\n사흘째 치우지 않고 있어요.",
        "name": "",
        "phone": "",
        "email": "",
        "adult": "on",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
