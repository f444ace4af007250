from io import BytesIO
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from articles.images import process_image
from articles.models import Article
from tests.factories import make_article, make_editor

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
        with Image.open(article.photo.path) as stored:
            self.assertEqual(len(stored.getexif()), 0)
            self.assertLessEqual(max(stored.size), 2000)


class EditorUploadTests(TestCase):
    def setUp(self):
        self.client.force_login(make_editor())

    def test_upload_stores_a_clean_image_and_answers_ckeditor(self):
        response = self.client.post("/ckeditor/upload/", {"upload": photo_with_gps()})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["uploaded"], "1")
        self.assertTrue(data["url"].startswith("/media/uploads/"))

    def test_non_image_upload_gets_a_korean_error_and_stores_nothing(self):
        fake = SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")
        response = self.client.post("/ckeditor/upload/", {"upload": fake})
        self.assertEqual(response.json()["uploaded"], 0)
        self.assertIn("사진 파일", response.json()["error"]["message"])

    def test_the_editors_callback_gets_the_address_of_the_stored_photo(self):
        url = "/ckeditor/upload/?CKEditorFuncNum=3"
        response = self.client.post(url, {"upload": photo_with_gps()})
        self.assertContains(response, "CKEDITOR.tools.callFunction(3, '/media/uploads/")

    def test_the_editors_callback_number_cannot_carry_script(self):
        # django-ckeditor writes CKEditorFuncNum into a <script>, escaped for HTML only.
        url = "/ckeditor/upload/?CKEditorFuncNum=" + quote("1);alert(document.domain);//")
        response = self.client.post(url, {"upload": photo_with_gps()})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("alert", response.content.decode())

    def test_anonymous_upload_is_refused(self):
        self.client.logout()
        response = self.client.post("/ckeditor/upload/", {"upload": photo_with_gps()})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
