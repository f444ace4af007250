"""manage.py clean_media: finds what django-ckeditor's open upload stored, keeps our photos."""

import shutil
import struct
import tempfile
import zlib
from io import BytesIO, StringIO
from urllib.parse import unquote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from articles.images import process_image, why_foreign
from tests.articles.test_images import photo_with_gps
from tests.factories import (
    gif_with_script,
    make_article,
    make_photo,
    make_reporter_user,
    media_files,
)

FOLDER = "uploads/7/2026/03/02/"


def png_with_text():
    """A PNG as an image editor saves it: with a text chunk (which can hold anything)."""
    buffer = BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="PNG")
    data = buffer.getvalue()
    body = b"tEXt" + b"Comment\0<script>alert(1)</script>"
    text = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    return data[:33] + text + data[33:]


class CleanMediaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reporter_user, _ = make_reporter_user("reporter")

    def setUp(self):
        media = tempfile.mkdtemp(prefix="newsroom-clean-media-")
        self.addCleanup(shutil.rmtree, media)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        # Ours: a photo through the editor's upload, and a lead photo.
        self.client.force_login(self.reporter_user)
        response = self.client.post(reverse("ckeditor_upload"), {"upload": photo_with_gps()})
        self.uploaded = unquote(response.json()["url"]).removeprefix("/media/")
        self.lead = make_article(photo=make_photo("현장 사진.jpg")).photo.name
        # Stored by django-ckeditor's own view before it was taken out, or put there by hand.
        self.foreign = {
            "x.html": gif_with_script().read(),
            "x_thumb.html": make_photo().read(),
            "gps.jpg": photo_with_gps().read(),
            "text.png": png_with_text(),
            "after-the-end.png": _png() + b"<html><script>alert(1)</script>",
            "gif.png": gif_with_script().read(),
            "photo_thumb.jpg": make_photo(size=(75, 50)).read(),
            "drawing.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>",
            "shell.php": b"<?php system($_GET['c']); ?>",
            "huge.png": _png(size=(3000, 10)),
        }
        for name, data in self.foreign.items():
            default_storage.save(FOLDER + name, ContentFile(data))
        # One foreign file an article links to.
        default_storage.save(FOLDER + "linked.html", ContentFile(gif_with_script().read()))
        self.linking = make_article(
            body=f'<p><a href="/media/{FOLDER}linked.html">자료</a></p>', title="링크 기사"
        )

    def run_command(self, *args):
        out = StringIO()
        call_command("clean_media", *args, stdout=out)
        return out.getvalue()

    def test_lists_foreign_files_and_deletes_nothing_by_default(self):
        before = media_files()
        output = self.run_command()
        for name in self.foreign:
            self.assertIn(FOLDER + name, output)
        self.assertIn("사진 확장자", output)
        self.assertNotIn(self.uploaded, output)
        self.assertNotIn(self.lead, output)
        self.assertIn("--delete", output)
        self.assertEqual(media_files(), before)

    def test_delete_removes_foreign_files_and_keeps_ours(self):
        output = self.run_command("--delete")
        remaining = media_files()
        for name in self.foreign:
            self.assertNotIn(FOLDER + name, remaining)
        self.assertIn(self.uploaded, remaining)
        self.assertIn(self.lead, remaining)
        self.assertIn(f"지운 낯선 파일 {len(self.foreign)}개", output)

    def test_a_file_an_article_uses_is_listed_apart_and_kept(self):
        output = self.run_command("--delete")
        self.assertIn(FOLDER + "linked.html", media_files())
        self.assertIn("기사가 가리키고 있어 남긴 낯선 파일 1개", output)
        self.assertIn(f"{FOLDER}linked.html  (사진 확장자", output)
        self.assertIn(f"← 기사 #{self.linking.pk}", output)

    def test_include_referenced_deletes_it_and_says_which_article_loses_it(self):
        output = self.run_command("--delete", "--include-referenced")
        self.assertNotIn(FOLDER + "linked.html", media_files())
        self.assertIn(f"지운 낯선 파일 {len(self.foreign) + 1}개", output)
        self.assertIn(f"{FOLDER}linked.html  (사진 확장자", output)
        self.assertIn(f"← 기사 #{self.linking.pk}에서 빠집니다", output)
        self.assertIn(self.uploaded, media_files())

    def test_include_referenced_alone_is_refused(self):
        with self.assertRaisesMessage(CommandError, "--delete"):
            self.run_command("--include-referenced")


class PipelineOutputTests(TestCase):
    def test_every_photo_the_pipeline_writes_is_recognised_as_ours(self):
        # A false alarm here would delete a reporter's photo.
        cases = [("JPEG", "RGB"), ("JPEG", "L"), ("JPEG", "CMYK"), ("PNG", "RGB"),
                 ("PNG", "RGBA"), ("PNG", "P"), ("PNG", "LA"), ("PNG", "I;16"), ("PNG", "1"),
                 ("WEBP", "RGB"), ("WEBP", "RGBA"), ("GIF", "P"), ("GIF", "L")]  # fmt: skip
        for kind, mode in cases:
            with self.subTest(kind=kind, mode=mode):
                buffer = BytesIO()
                Image.new(mode, (300, 200)).save(buffer, format=kind)
                upload = SimpleUploadedFile(f"사진.{kind.lower()}", buffer.getvalue())
                clean = process_image(upload)
                data = clean.read()
                self.assertIsNone(why_foreign(clean.name, lambda data=data: data))

    def test_a_resized_phone_photo_with_exif_is_ours_once_processed(self):
        clean = process_image(photo_with_gps(size=(3000, 2000)))
        data = clean.read()
        self.assertIsNone(why_foreign(clean.name, lambda: data))
        original = photo_with_gps().read()
        self.assertIn("메타데이터", why_foreign("phone.jpg", lambda: original))


def _png(size=(20, 20)):
    buffer = BytesIO()
    Image.new("RGB", size).save(buffer, format="PNG")
    return buffer.getvalue()
