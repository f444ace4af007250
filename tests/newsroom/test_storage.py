"""Photos on object storage (MEDIA_STORAGE=s3, docs/storage.md): the settings for Naver Cloud, AWS
and a CDN; the Content-Security-Policy and the sanitizer when MEDIA_URL is another origin; what
the public bucket serves; a lead photo waiting on one server, saved through another."""

import json
import os
from datetime import timedelta
from io import BytesIO, StringIO
from pathlib import Path
from unittest import mock, skipUnless

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import StorageHandler, default_storage, storages
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import pending
from articles.images import process_image
from articles.photo_sizes import copy_name
from articles.sanitize import clean_html
from tests.articles.test_images import photo_with_gps
from tests.articles.test_photo_sizes import images_of, stored_photo
from tests.factories import make_editor
from tests.media import IsolatedMedia, client, on_s3
from tests.newsroom.test_settings import PRODUCTION, manage

NAVER_CLOUD = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "newsroom-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "newsroom-private",
    "AWS_S3_ENDPOINT_URL": "https://kr.object.ncloudstorage.com",
    "AWS_S3_REGION_NAME": "kr-standard",
    "AWS_ACCESS_KEY_ID": "ncp-access-key",
    "AWS_SECRET_ACCESS_KEY": "ncp-secret-key",
    "AWS_DEFAULT_ACL": "public-read",
}
SHOW = (
    "import json; from django.conf import settings as s;"
    "d, p = s.STORAGES['default'], s.STORAGES['private'];"
    "print(s.MEDIA_URL); print(d['BACKEND'], p['BACKEND']);"
    "print(json.dumps(d.get('OPTIONS', {}), default=str));"
    "print(json.dumps(p['OPTIONS'], default=str)); print(s.CONTENT_SECURITY_POLICY)"
)


def shown(**env):
    """(MEDIA_URL, backends, default's options, private's options, CSP) under `env`."""
    result = manage("shell", "-c", SHOW, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    media_url, backends, public, private, csp = result.stdout.splitlines()[-5:]
    return media_url, backends.split(), json.loads(public), json.loads(private), csp


def test_naver_cloud_serves_photos_from_the_public_bucket_and_keeps_the_private_one_closed():
    media_url, backends, public, private, csp = shown(**NAVER_CLOUD)
    assert media_url == "https://kr.object.ncloudstorage.com/newsroom-media/"
    assert backends == ["newsroom.storage.PublicMediaStorage", "newsroom.storage.PrivateStorage"]
    assert public["endpoint_url"] == private["endpoint_url"] == NAVER_CLOUD["AWS_S3_ENDPOINT_URL"]
    assert public["region_name"] == private["region_name"] == "kr-standard"
    assert (public["bucket_name"], private["bucket_name"]) == ("newsroom-media", "newsroom-private")
    assert public["custom_domain"] == "kr.object.ncloudstorage.com/newsroom-media"
    assert (public["querystring_auth"], public["default_acl"]) == (False, "public-read")
    assert (private["querystring_auth"], private["default_acl"]) == (True, None)
    assert public["file_overwrite"] is private["file_overwrite"] is False
    assert public["addressing_style"] == "path"
    assert "img-src 'self' data: https://kr.object.ncloudstorage.com;" in csp
    assert "script-src 'self';" in csp  # only images may come from there


def test_aws_needs_no_endpoint_and_a_cdn_domain_becomes_media_url():
    aws = {**NAVER_CLOUD, "AWS_S3_ENDPOINT_URL": "", "AWS_S3_REGION_NAME": "ap-northeast-2"}
    media_url, _, public, _, csp = shown(**aws)
    assert media_url == "https://newsroom-media.s3.ap-northeast-2.amazonaws.com/"
    assert public["endpoint_url"] is None
    assert "img-src 'self' data: https://newsroom-media.s3.ap-northeast-2.amazonaws.com;" in csp
    media_url, _, public, _, csp = shown(**aws, AWS_S3_CUSTOM_DOMAIN="media.news.example.com")
    assert media_url == "https://media.news.example.com/"
    assert "img-src 'self' data: https://media.news.example.com;" in csp


def test_without_media_storage_the_disk_stays_the_default():
    media_url, backends, public, private, csp = shown()
    assert media_url == "/media/"
    assert backends == ["django.core.files.storage.FileSystemStorage"] * 2
    assert "img-src 'self' data:;" in csp


def test_deploy_check_is_clean_with_object_storage():
    result = manage("check", "--deploy", **PRODUCTION, **NAVER_CLOUD)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


@pytest.mark.parametrize(
    "env,error",
    [
        ({"AWS_PRIVATE_STORAGE_BUCKET_NAME": ""}, "AWS_PRIVATE_STORAGE_BUCKET_NAME must be set"),
        ({"AWS_S3_REGION_NAME": ""}, "AWS_S3_REGION_NAME must be set"),
        ({"AWS_PRIVATE_STORAGE_BUCKET_NAME": "newsroom-media"}, "must name another bucket"),
        ({"AWS_S3_ENDPOINT_URL": "kr.object.ncloudstorage.com"}, "must be an http(s) URL"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be disk or s3"),
    ],
)
def test_a_storage_setting_left_out_or_wrong_is_a_loud_error(env, error):
    result = manage("check", **{**PRODUCTION, **NAVER_CLOUD, **env})
    assert result.returncode != 0
    assert error in result.stderr


@override_settings(MEDIA_URL="https://cdn.example/news/")
class AbsoluteMediaUrlTests(IsolatedMedia, TestCase):
    """MEDIA_URL on another origin (the bucket, a CDN), on the disk: the sanitizer's rule alone."""

    def test_a_body_photo_from_our_media_origin_keeps_its_src_and_srcset(self):
        url = default_storage.url(stored_photo("uploads/1/현장.jpg", size=(1000, 600)))
        self.assertTrue(url.startswith("https://cdn.example/news/uploads/1/"), url)
        (image,) = images_of(clean_html(f'<figure class="image"><img src="{url}"></figure>'))
        self.assertEqual(image["src"], url)
        self.assertIn(f"{url}.w480.jpg 480w", image["srcset"])
        self.assertEqual((image["width"], image["height"]), ("1000", "600"))

    def test_images_from_anywhere_else_are_still_dropped(self):
        for src in [
            "https://evil.example/x.jpg",
            "https://cdn.example/other/x.jpg",  # same host, outside MEDIA_URL
            "https://cdn.example/news/../other/x.jpg",
            "https://cdn.example/news/%2e%2e/other/x.jpg",
            "http://cdn.example/news/x.jpg",  # not the same origin
            "https://cdn.example.evil.example/news/x.jpg",
            "https://cdn.example:8443/news/x.jpg",
            "//cdn.example/news/x.jpg",
            "/media/x.jpg",  # the disk's address, no longer ours
        ]:
            with self.subTest(src):
                self.assertEqual(clean_html(f'<p><img src="{src}" alt=""></p>'), "<p></p>")
        srcset = "https://cdn.example/news/a.jpg 480w, https://evil.example/x.jpg 960w"
        html = clean_html(f'<img src="https://cdn.example/news/a.jpg" srcset="{srcset}">')
        self.assertEqual(html, '<img src="https://cdn.example/news/a.jpg">')


@pytest.mark.media
class ReaderPagePolicyTests(TestCase):
    def test_reader_pages_let_images_come_from_the_media_origin_only(self):
        policy = self.client.get(reverse("articles:home"))["Content-Security-Policy"]
        if on_s3():
            self.assertIn(f"img-src 'self' data: {settings.MEDIA_ORIGIN};", policy)
            self.assertTrue(settings.MEDIA_URL.startswith(settings.MEDIA_ORIGIN + "/"))
        else:
            self.assertIn("img-src 'self' data:;", policy)
        self.assertIn("script-src 'self' 'sha256-", policy)  # our inline scripts (newsroom.inline)


@pytest.mark.media
@skipUnless(on_s3(), "object storage only: MEDIA_S3_ENDPOINT is not set")
class BucketTests(IsolatedMedia, TestCase):
    def head(self, name):
        return client("default").head_object(Bucket=default_storage.bucket_name, Key=name)

    def test_the_settings_under_test_are_the_production_ones_on_s3(self):
        self.assertEqual(type(default_storage._wrapped).__name__, "PublicMediaStorage")
        self.assertEqual(type(storages["private"]).__name__, "PrivateStorage")
        self.assertEqual(default_storage.endpoint_url, os.environ["MEDIA_S3_ENDPOINT"])

    def test_photos_and_their_copies_go_with_their_type_and_a_month_in_caches(self):
        name = stored_photo("photos/2026/12/현장.jpg", size=(600, 400))
        for stored, kind in [
            (name, "image/jpeg"),
            (copy_name(name, 240, "avif"), "image/avif"),
            (copy_name(name, 240, "webp"), "image/webp"),
        ]:
            with self.subTest(stored):
                head = self.head(stored)
                self.assertEqual(head["ContentType"], kind)
                self.assertEqual(head["CacheControl"], "public, max-age=2592000")
        self.assertEqual(
            default_storage.url(name),
            f"{settings.MEDIA_URL}photos/2026/12/%ED%98%84%EC%9E%A5.jpg",
        )

    def test_a_stored_name_is_never_written_over(self):
        first = default_storage.save("uploads/1/사진.jpg", ContentFile(b"one"))
        second = default_storage.save("uploads/1/사진.jpg", ContentFile(b"two"))
        self.assertNotEqual(first, second)
        with default_storage.open(first) as stored:
            self.assertEqual(stored.read(), b"one")

    def test_anything_but_a_photo_is_a_download_no_browser_renders(self):
        name = default_storage.save("photos/x.html", ContentFile(b"<script>alert(1)</script>"))
        head = self.head(name)
        self.assertEqual(head["ContentType"], "application/octet-stream")
        self.assertEqual(head["ContentDisposition"], "attachment")


@pytest.mark.media
class WaitingPhotoTests(TestCase):
    """A lead photo chosen on the form waits in the private storage, where any server finds it."""

    def test_a_photo_waiting_on_one_server_is_saved_through_another(self):
        user = make_editor()
        waiting = pending.stash(process_image(photo_with_gps()), user=user)
        self.addCleanup(pending.discard, waiting)
        self.assertTrue(waiting.file.startswith("pending/"), waiting.file)
        self.assertTrue(storages["private"].exists(waiting.file))
        self.assertFalse(default_storage.exists(waiting.file), "never in the public media")
        # Another server: storages of its own (connections, no state), from the same settings.
        with mock.patch.object(pending, "storages", StorageHandler()):
            clean, found = pending.load(waiting.token, user=user)
        self.assertEqual(found.file, waiting.file)
        with Image.open(BytesIO(clean.read())) as image:
            self.assertEqual(len(image.getexif()), 0)
        if on_s3():
            self.assertEqual(list(Path(settings.PRIVATE_ROOT).rglob("*")), [], "no local file")

    def test_photos_waiting_longer_than_24_hours_are_deleted_from_the_private_storage(self):
        user = make_editor()
        waiting = pending.stash(process_image(photo_with_gps()), user=user)
        self.addCleanup(pending.discard, waiting)
        call_command("clean_pending_uploads", stdout=StringIO())
        self.assertTrue(storages["private"].exists(waiting.file), "younger than a day: kept")
        with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
            call_command("clean_pending_uploads", stdout=StringIO())
        self.assertFalse(storages["private"].exists(waiting.file))

    def test_the_form_s_thumbnail_is_streamed_from_the_private_storage(self):
        user = make_editor()
        waiting = pending.stash(process_image(photo_with_gps()), user=user)
        self.addCleanup(pending.discard, waiting)
        self.client.force_login(user)
        url = reverse("admin:articles_article_pending_photo", args=[waiting.token])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        with Image.open(BytesIO(b"".join(response.streaming_content))) as image:
            self.assertEqual(image.format, "JPEG")
