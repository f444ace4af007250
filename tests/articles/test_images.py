from io import BytesIO
from pathlib import PurePosixPath

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from articles.images import process_image
from articles.models import Article
from tests.factories import (
    gif_with_script,
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_section,
)
from tests.forms import form_data

pytestmark = pytest.mark.media  # on the disk, and on object storage (tests/media.py)

GPS_IFD = 0x8825


def photo_with_gps(size=(400, 300), fmt="JPEG"):
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS_IFD)[2] = (37.0, 31.0, 12.0)  # GPSLatitude
    buffer = BytesIO()
    image.save(buffer, format=fmt, exif=exif)
    return SimpleUploadedFile("현장.jpg", buffer.getvalue(), content_type="image/jpeg")


def decoded(upload):
    upload.seek(0)
    return Image.open(BytesIO(upload.read()))


class ProcessImageTests(TestCase):
    def test_exif_and_gps_are_removed(self):
        original = photo_with_gps()
        self.assertTrue(decoded(original).getexif())
        clean = decoded(process_image(photo_with_gps()))
        self.assertEqual(len(clean.getexif()), 0)
        self.assertNotIn("exif", clean.info)

    @override_settings(IMAGE_MAX_EDGE=500)
    def test_oversized_images_are_scaled_down(self):
        clean = decoded(process_image(photo_with_gps(size=(2000, 1000))))
        self.assertEqual(clean.size, (500, 250))

    def test_a_text_file_named_jpg_is_refused_in_korean(self):
        fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", "image/jpeg")
        with self.assertRaisesMessage(ValidationError, "사진 파일"):
            process_image(fake)

    def test_truncated_image_is_refused(self):
        data = photo_with_gps().read()
        with self.assertRaises(ValidationError):
            process_image(SimpleUploadedFile("cut.jpg", data[: len(data) // 2], "image/jpeg"))

    @override_settings(IMAGE_UPLOAD_MAX_PIXELS=10_000)
    def test_too_many_pixels_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "화소"):
            process_image(photo_with_gps())

    @override_settings(IMAGE_UPLOAD_MAX_BYTES=100)
    def test_too_large_a_file_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "너무 큽니다"):
            process_image(photo_with_gps())


class LeadPhotoTests(TestCase):
    def test_lead_photo_saved_from_code_is_cleaned(self):
        article = make_article(photo=photo_with_gps(size=(3000, 1500)))
        article = Article.objects.get(pk=article.pk)
        with article.photo.open() as file, Image.open(file) as stored:
            self.assertEqual(len(stored.getexif()), 0)
            self.assertLessEqual(max(stored.size), 2000)


class LongNameTests(TestCase):
    def test_a_lead_photo_named_with_90_four_byte_characters_is_saved_from_the_admin(self):
        self.client.force_login(make_editor())
        add_url = reverse("admin:articles_article_add")
        data = form_data(self.client.get(add_url), "article_form")
        data.update(
            title="긴 이름 사진",
            section=make_section().pk,
            reporter=make_reporter().pk,
            body="<p>본문</p>",
            photo=make_photo("𠀀" * 90 + ".jpg"),
        )
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 302)
        name = Article.objects.get(title="긴 이름 사진").photo.name
        self.assertTrue(name.startswith("photos/") and name.endswith(".jpg"), name)
        self.assertTrue(PurePosixPath(name).stem.startswith("𠀀" * 10), name)
        self.assertTrue(all(len(part.encode()) <= 255 for part in name.split("/")), name)
        self.assertTrue(default_storage.exists(name))

    def test_a_lead_photo_stored_around_save_gets_a_short_name_the_web_server_never_serves(self):
        raw = SimpleUploadedFile("𠀀" * 90 + ".html", gif_with_script().read(), "text/html")
        (article,) = Article.objects.bulk_create(
            [
                Article(
                    title="우회 저장",
                    section=make_section(),
                    reporter=make_reporter(),
                    body="<p>본문</p>",
                    photo=raw,
                )
            ]
        )
        name = article.photo.name
        self.assertTrue(name.startswith("photos/") and name.endswith(".bin"), name)
        self.assertTrue(all(len(part.encode()) <= 255 for part in name.split("/")), name)
