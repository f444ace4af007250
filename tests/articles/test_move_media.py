"""manage.py move_media_to_storage: the media folder copied to the bucket, once and only once, and
bodies' photo addresses moved with it (against a real S3-compatible server: tests/media.py)."""

import os
import shutil
import tempfile
from io import StringIO
from pathlib import Path
from unittest import skipIf, skipUnless
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from articles.images import process_image
from articles.management.commands.move_media_to_storage import moved_addresses
from articles.models import Article
from articles.sanitize import CleanHTML, clean_html
from tests.articles.test_photo_sizes import images_of
from tests.factories import make_article, make_photo
from tests.media import IsolatedMedia, on_s3

pytestmark = pytest.mark.media


def test_only_photo_addresses_under_media_move():
    html = (
        '<p><a href="/media/x.jpg">링크</a></p><figure class="image">'
        '<img src="/media/uploads/1/%ED%98%84.jpg" alt="/media/" '
        'srcset="/media/uploads/1/%ED%98%84.jpg.w240.jpg 240w, '
        '/media/uploads/1/a.jpg.w480.jpg 480w"'
        ' width="480"></figure><img src="https://elsewhere.example/media/x.jpg">'
    )
    assert moved_addresses(html, "https://cdn.example/") == (
        '<p><a href="/media/x.jpg">링크</a></p><figure class="image">'
        '<img src="https://cdn.example/uploads/1/%ED%98%84.jpg" alt="/media/" '
        'srcset="https://cdn.example/uploads/1/%ED%98%84.jpg.w240.jpg 240w, '
        'https://cdn.example/uploads/1/a.jpg.w480.jpg 480w"'
        ' width="480"></figure><img src="https://elsewhere.example/media/x.jpg">'
    )


@skipIf(on_s3(), "the disk only")
class OnTheDiskTests(TestCase):
    def test_it_refuses_while_the_media_is_on_the_disk(self):
        with self.assertRaisesMessage(CommandError, "MEDIA_STORAGE=s3"):
            call_command("move_media_to_storage", stdout=StringIO())


@skipUnless(on_s3(), "object storage only: MEDIA_S3_ENDPOINT is not set")
class MoveTests(IsolatedMedia, TestCase):
    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-test-old-media-"))
        self.addCleanup(shutil.rmtree, self.folder)
        self.enterContext(override_settings(MEDIA_ROOT=self.folder))
        self.photo = self.write("uploads/1/2025/03/02/현장.jpg", self.clean_photo())
        self.copy = self.write("uploads/1/2025/03/02/현장.jpg.w240.avif", b"avif bytes")
        self.lead = self.write("photos/2025/03/구청.png", self.clean_photo("png"))
        self.page = self.write("uploads/1/x.html", b"<script>alert(1)</script>")
        self.hidden = self.write("uploads/.DS_Store", b"\0")

    def clean_photo(self, kind="jpg"):
        return process_image(make_photo(f"a.{kind}")).read()

    def write(self, name, data):
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return name

    def run_command(self, *args):
        out = StringIO()
        call_command("move_media_to_storage", *args, stdout=out)
        return out.getvalue()

    def test_every_photo_is_copied_under_its_name_and_a_second_run_copies_nothing(self):
        output = self.run_command()
        self.assertIn("복사한 파일: 3개", output)
        self.assertIn("건너뛴 파일: 0개", output)
        for name in (self.photo, self.copy, self.lead):
            with self.subTest(name), default_storage.open(name) as stored:
                self.assertEqual(stored.read(), (self.folder / name).read_bytes())
        self.assertIn(
            "옮기지 않은 파일(사진 형식이 아니어서 웹 서버도 내주지 않던 것): 2개", output
        )
        self.assertIn(self.page, output)
        self.assertFalse(default_storage.exists(self.page))
        self.assertFalse(default_storage.exists(self.hidden))
        again = self.run_command()
        self.assertIn("복사한 파일: 0개", again)
        self.assertIn("건너뛴 파일: 3개", again)

    def test_a_file_cut_short_in_the_bucket_is_written_again_whole(self):
        self.run_command()
        default_storage.delete(self.photo)
        default_storage.save(self.photo, open(os.devnull, "rb"))  # an empty, cut-short copy
        output = self.run_command()
        self.assertIn("크기가 달라 다시 복사한 파일: 1개", output)
        self.assertEqual(
            default_storage.size(self.photo), (self.folder / self.photo).stat().st_size
        )

    def test_dry_run_counts_and_writes_nothing(self):
        output = self.run_command("--dry-run")
        self.assertIn("복사할 파일: 3개", output)
        self.assertFalse(default_storage.exists(self.photo))

    def test_bodies_show_their_photos_from_the_bucket_and_keep_them_when_saved_again(self):
        photo = f'<img src="/media/{quote(self.photo)}" alt="현장">'
        old = f'<p>글</p><figure class="image">{photo}</figure>'
        article = make_article(body="<p>먼저</p>")
        # As the site on the disk stored it (under MEDIA_STORAGE=s3, cleaning would drop it).
        Article._base_manager.filter(pk=article.pk).update(body=CleanHTML(old))
        revisions = article.history.count()
        output = self.run_command()
        self.assertIn("본문: 기사 1건", output)
        article.refresh_from_db()
        (image,) = images_of(article.body)
        self.assertEqual(image["src"], default_storage.url(self.photo))
        self.assertTrue(image["src"].startswith(settings.MEDIA_URL))
        self.assertEqual(article.history.count(), revisions, "not an edit")
        self.assertIsNone(article.revised_at)
        # The next save cleans the body again: the photo is ours, so it stays.
        self.assertIn(default_storage.url(self.photo), clean_html(str(article.body)))
        self.assertIn("본문: 기사 0건", self.run_command())
