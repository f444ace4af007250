"""The editor's photo upload: only our view takes a file, and it stores only re-encoded photos.

django-ckeditor's own upload view kept the bytes and the extension it was given, so a GIF with a
script, named x.html, was served from /media/ as a web page in the site's origin. Each case below
also tries the address that used to reach that view, /ckeditor/upload/<anything>/.
"""

from io import BytesIO
from pathlib import PurePosixPath
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escapejs
from PIL import Image

from articles.photo_sizes import media_name, original_of
from tests.articles.test_images import photo_with_gps
from tests.factories import (
    gif_with_script,
    make_editor,
    make_photo,
    make_reporter_user,
    media_files,
    png_claiming,
)
from tests.media import IsolatedMedia

pytestmark = pytest.mark.media  # on the disk, and on object storage (tests/media.py)

THE_LIBRARYS_ROUTE = "/ckeditor/upload/anything/"


def stored_name(response):
    """The media file name an upload answer points at."""
    return media_name(response.json()["url"])


def originals(names):
    """The stored photos among `names`, without their smaller copies (articles.photo_sizes)."""
    return {name for name in names if original_of(name) is None}


class EditorUploadTests(TestCase):
    def setUp(self):
        self.client.force_login(make_editor())

    def test_upload_stores_a_clean_image_and_answers_ckeditor(self):
        response = self.client.post("/ckeditor/upload/", {"upload": photo_with_gps()})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["uploaded"], "1")
        self.assertTrue(data["url"].startswith(f"{settings.MEDIA_URL}uploads/"), data["url"])

    def test_non_image_upload_gets_a_korean_error_and_stores_nothing(self):
        fake = SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")
        response = self.client.post("/ckeditor/upload/", {"upload": fake})
        self.assertEqual(response.json()["uploaded"], 0)
        self.assertIn("사진 파일", response.json()["error"]["message"])

    def test_the_editors_callback_gets_the_address_of_the_stored_photo(self):
        url = "/ckeditor/upload/?CKEditorFuncNum=3"
        response = self.client.post(url, {"upload": photo_with_gps()})
        self.assertContains(
            response, f"CKEDITOR.tools.callFunction(3, '{escapejs(settings.MEDIA_URL)}uploads/"
        )

    def test_the_editors_callback_number_cannot_carry_script(self):
        # CKEditorFuncNum is written into a <script>.
        url = "/ckeditor/upload/?CKEditorFuncNum=" + quote("1);alert(document.domain);//")
        response = self.client.post(url, {"upload": photo_with_gps()})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("alert", response.content.decode())

    def test_anonymous_upload_is_refused(self):
        self.client.logout()
        response = self.client.post("/ckeditor/upload/", {"upload": photo_with_gps()})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


class OnlyOurUploadTakesFilesTests(IsolatedMedia, TestCase):
    """As the reporter in the issue: logged in, staff, group 기자."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter_user, _ = make_reporter_user("reporter")

    def setUp(self):
        self.client.force_login(self.reporter_user)

    def post(self, url, upload, **query):
        """(response, names of the files the request added to the media storage)."""
        before = media_files()
        if query:
            url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        response = self.client.post(url, {"upload": upload})
        return response, media_files() - before

    def upload(self, make_upload):
        """Post through our upload; first check the library's old address takes nothing."""
        response, added = self.post(THE_LIBRARYS_ROUTE, make_upload())
        self.assertEqual(response.status_code, 404)
        self.assertEqual(added, set())
        return self.post(reverse("ckeditor_upload"), make_upload())

    def assert_refused(self, make_upload, words):
        response, added = self.upload(make_upload)
        self.assertEqual(response.status_code, 200)  # CKEditor shows the message of a 200 only
        self.assertEqual(response.json()["uploaded"], 0)
        self.assertIn(words, response.json()["error"]["message"])
        self.assertEqual(added, set())

    def assert_stored_as(self, response, added, extension, image_format):
        self.assertEqual(response.status_code, 200, response.content[:300])
        name = stored_name(response)
        self.assertEqual(originals(added), {name})
        self.assertTrue(all(original_of(copy) == name for copy in added - {name}))
        self.assertEqual(PurePosixPath(name).suffix, extension)
        with default_storage.open(name) as stored:
            data = stored.read()
        with Image.open(BytesIO(data)) as image:
            self.assertEqual(image.format, image_format)
        return name, data

    def test_posts_under_the_upload_address_reach_nothing_and_store_nothing(self):
        for path in [
            THE_LIBRARYS_ROUTE,
            "/ckeditor/upload/x.html",
            "/ckeditor/upload/anything/?CKEditorFuncNum=1",
            "/ckeditor/browse/anything/",
        ]:
            with self.subTest(path):
                response, added = self.post(path, gif_with_script())
                self.assertEqual(response.status_code, 404)
                self.assertEqual(added, set())

    def test_a_gif_with_a_script_named_html_is_stored_as_a_reencoded_png(self):
        response, added = self.upload(gif_with_script)
        name, data = self.assert_stored_as(response, added, ".png", "PNG")
        self.assertNotIn(b"<script", data)
        self.assertTrue(name.startswith(f"uploads/{self.reporter_user.pk}/"))

    def test_gps_exif_is_gone_from_the_stored_photo(self):
        response, added = self.upload(photo_with_gps)
        name, data = self.assert_stored_as(response, added, ".jpg", "JPEG")
        with Image.open(BytesIO(data)) as image:
            self.assertEqual(len(image.getexif()), 0)
        self.assertNotIn(b"PhoneMaker", data)

    def test_a_60_mb_file_is_refused_in_korean(self):
        data = make_photo(size=(80, 60)).read() + b"\0" * (60 * 1024 * 1024)
        self.assert_refused(
            lambda: SimpleUploadedFile("big.jpg", data, "image/jpeg"), "너무 큽니다"
        )

    def test_a_10000_by_10000_image_is_refused_in_korean(self):
        self.assert_refused(lambda: png_claiming(10_000, 10_000), "화소")

    def test_a_30000_by_30000_png_is_refused_in_korean(self):
        self.assert_refused(lambda: png_claiming(30_000, 30_000), "화소")

    def test_svg_and_php_names_are_stored_with_an_image_extension(self):
        for name in ["x.svg", "shell.php", "x.php.jpg", "x.svg.png", "x.PHP"]:
            with self.subTest(name):
                response, added = self.upload(lambda name=name: make_photo(name))
                stored, _ = self.assert_stored_as(response, added, ".jpg", "JPEG")
                self.assertEqual(PurePosixPath(stored).suffixes, [".jpg"])

    def test_svg_and_php_content_is_refused(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        for name, data in [("x.svg", svg), ("x.php", b"<?php system($_GET['c']); ?>")]:
            with self.subTest(name):
                self.assert_refused(lambda n=name, d=data: SimpleUploadedFile(n, d), "사진 파일")

    def test_a_300_character_name_is_stored_under_a_shorter_one(self):
        response, added = self.upload(lambda: make_photo("a" * 300 + ".jpg"))
        name, _ = self.assert_stored_as(response, added, ".jpg", "JPEG")
        self.assertTrue(all(len(part.encode()) <= 255 for part in name.split("/")), name)
        self.assertTrue(PurePosixPath(name).stem.startswith("a" * 20))

    def test_a_korean_name_stays_readable_and_within_255_bytes(self):
        response, added = self.upload(lambda: make_photo("영등포 구청 앞 " * 30 + ".jpg"))
        name, _ = self.assert_stored_as(response, added, ".jpg", "JPEG")
        self.assertTrue(PurePosixPath(name).name.startswith("영등포-구청-앞"), name)
        self.assertTrue(all(len(part.encode()) <= 255 for part in name.split("/")), name)

    def test_the_script_answer_carries_the_stored_address(self):
        response, added = self.post(
            reverse("ckeditor_upload"), gif_with_script(), CKEditorFuncNum=7
        )
        (name,) = originals(added)
        self.assertContains(
            response, f"CKEDITOR.tools.callFunction(7, '{escapejs(default_storage.url(name))}');"
        )
        self.assertTrue(name.endswith(".png"))
