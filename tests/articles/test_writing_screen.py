"""The writing screen (the article's change form) and its promise: nothing typed or chosen is
lost to a form error, and nothing the database would refuse gets that far (no 500)."""

import os
import re
import shutil
import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import pending
from articles.images import process_image
from articles.models import Article, RelatedArticle
from tests.factories import (
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_reporter_user,
    make_section,
    media_files,
)
from tests.forms import form_data

from .test_images import photo_with_gps

ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


class PendingRootMixin:
    """Each test's own private folder, where photos wait for their article's save (pending/)."""

    def setUp(self):
        super().setUp()
        root = tempfile.mkdtemp(prefix="newsroom-test-private-")
        self.addCleanup(shutil.rmtree, root, ignore_errors=True)
        private = settings.STORAGES["private"]
        private = {**private, "OPTIONS": {**private["OPTIONS"], "location": root}}
        self.settings_override = override_settings(
            STORAGES={**settings.STORAGES, "private": private}
        )
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)
        self.pending_root = Path(root)

    def pending_files(self):
        """The names of the waiting photos in the private storage (pending/…)."""
        return sorted(
            path.relative_to(self.pending_root).as_posix()
            for path in self.pending_root.rglob("*")
            if path.is_file()
        )


def article_data(**overrides):
    """A new article as the add form posts it (inline management form included)."""
    data = {
        "title": "안양천 산책로 새 단장",
        "subtitle": "",
        "section": "",
        "reporter": "",
        "body": "<p>영등포구가 안양천 산책로를 새로 단장한다.</p>",
        "summary": "",
        "photo_caption": "안양천 산책로 입구",
        "publish_at_0": "",
        "publish_at_1": "",
        "edit_token": "",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


class LeadPhotoSurvivesFormErrorsTests(PendingRootMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.section = make_section(name="행정")
        self.user, self.reporter = make_reporter_user("reporter", name="이천용")
        self.client.force_login(self.user)

    def post_without_section(self):
        return self.client.post(ADD, article_data(photo=photo_with_gps()))

    def test_a_form_error_keeps_the_chosen_lead_photo_and_the_next_save_stores_it(self):
        response = self.post_without_section()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "필수 항목입니다.")  # 섹션
        self.assertEqual(Article.objects.count(), 0)
        again = form_data(response, "article_form")
        self.assertTrue(again["photo_pending"], "the page carries the waiting photo")
        again["section"] = str(self.section.pk)

        with self.captureOnCommitCallbacks(execute=True):
            saved = self.client.post(ADD, again)

        self.assertEqual(saved.status_code, 302)
        article = Article.objects.get()
        self.assertTrue(article.photo.name.startswith("photos/"), article.photo.name)
        with Image.open(article.photo.path) as stored:
            self.assertEqual(len(stored.getexif()), 0)  # cleaned once, on the first post
        self.assertEqual(article.photo_caption, "안양천 산책로 입구")
        self.assertEqual(self.pending_files(), [], "saved with its article: no longer waiting")

    def test_the_waiting_photo_is_cleaned_at_once_and_kept_outside_public_media(self):
        media_before = media_files()
        self.post_without_section()
        self.assertEqual(media_files(), media_before, "nothing reaches public media unsaved")
        (name,) = self.pending_files()
        self.assertFalse(self.pending_root.resolve().is_relative_to(Path(settings.MEDIA_ROOT)))
        self.assertTrue(name.startswith("pending/"), name)
        with Image.open(self.pending_root / name) as waiting:
            self.assertEqual(len(waiting.getexif()), 0, "EXIF (GPS) stripped on arrival")

    def test_the_re_shown_form_shows_a_thumbnail_of_the_waiting_photo(self):
        response = self.post_without_section()
        token = form_data(response, "article_form")["photo_pending"]
        thumbnail = reverse("admin:articles_article_pending_photo", args=[token])
        self.assertContains(response, f'src="{thumbnail}"')
        self.assertContains(response, "아직 저장되지 않은 사진")
        image = self.client.get(thumbnail)
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image["Content-Type"], "image/jpeg")
        self.assertIn("private", image["Cache-Control"])

    def test_the_waiting_photo_is_shown_only_to_the_person_who_uploaded_it(self):
        token = form_data(self.post_without_section(), "article_form")["photo_pending"]
        thumbnail = reverse("admin:articles_article_pending_photo", args=[token])
        self.client.force_login(make_editor("desk"))
        self.assertEqual(self.client.get(thumbnail).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(thumbnail).status_code, 302)  # to the admin's login
        self.client.force_login(self.user)
        forged = reverse("admin:articles_article_pending_photo", args=[token[:-2] + "xx"])
        self.assertEqual(self.client.get(forged).status_code, 404)

    def test_a_waiting_photo_that_has_expired_is_reported_never_dropped_silently(self):
        response = self.post_without_section()
        again = form_data(response, "article_form")
        again["section"] = str(self.section.pk)
        with time_machine.travel(timezone.now() + pending.MAX_AGE + timedelta(minutes=1)):
            response = self.client.post(ADD, again)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "24시간")
        self.assertContains(response, "다시 올려 주세요")
        self.assertEqual(Article.objects.count(), 0)

    def test_a_new_upload_replaces_the_waiting_photo(self):
        again = form_data(self.post_without_section(), "article_form")
        again["section"] = str(self.section.pk)
        again["photo"] = make_photo("새 사진.jpg", size=(640, 480))
        self.client.post(ADD, again)
        article = Article.objects.get()
        self.assertIn("새-사진", article.photo.name)
        self.assertEqual((article.photo.width, article.photo.height), (640, 480))

    def test_a_photo_with_a_long_name_is_taken_under_a_shorter_one(self):
        long_name = "영등포구청 " * 20 + ".jpg"  # 121 characters; the column holds 100 in all
        self.client.post(
            ADD, article_data(section=str(self.section.pk), photo=make_photo(long_name))
        )
        article = Article.objects.get()
        self.assertLessEqual(len(article.photo.name), 100)
        self.assertIn("영등포구청", article.photo.name)

    def test_removing_the_waiting_photo_saves_the_article_without_one(self):
        again = form_data(self.post_without_section(), "article_form")
        again["section"] = str(self.section.pk)
        again["photo-clear"] = "on"
        self.client.post(ADD, again)
        self.assertFalse(Article.objects.get().photo)

    def test_a_file_that_is_not_a_photo_is_refused_at_once_and_not_kept(self):
        response = self.client.post(
            ADD, article_data(section=str(self.section.pk), photo=make_text_file())
        )
        self.assertContains(response, "올바른 이미지를 업로드하세요")
        self.assertEqual(self.pending_files(), [])
        self.assertEqual(Article.objects.count(), 0)

    def test_the_form_shows_a_thumbnail_of_the_saved_lead_photo_not_a_path(self):
        article = make_article(
            reporter=self.reporter,
            status=Article.Status.DRAFT,
            publish_at=None,
            photo=make_photo("현장.jpg"),
        )
        response = self.client.get(change_url(article))
        self.assertContains(response, f'<img src="{article.photo.url}"')
        self.assertContains(response, "사진 빼기")
        self.assertNotContains(response, "현재:")


def make_text_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("memo.jpg", b"not a photo at all", content_type="image/jpeg")


class CleanPendingUploadsTests(PendingRootMixin, TestCase):
    def stash(self, name, *, age=timedelta(0)):
        user = make_editor(f"desk-{name}")
        waiting = pending.stash(process_image(make_photo(f"{name}.jpg")), user=user)
        stored_at = (timezone.now() - age).timestamp()
        os.utime(self.pending_root / waiting.file, (stored_at, stored_at))
        return waiting

    def test_photos_waiting_longer_than_24_hours_are_deleted_younger_ones_kept(self):
        old = self.stash("old", age=timedelta(hours=24, minutes=1))
        young = self.stash("young", age=timedelta(hours=23, minutes=59))
        out = StringIO()
        call_command("clean_pending_uploads", stdout=out)
        self.assertEqual(self.pending_files(), [young.file])
        self.assertIn("1개", out.getvalue())
        self.assertNotIn(old.file, self.pending_files())

    def test_dry_run_lists_without_deleting(self):
        old = self.stash("old", age=timedelta(hours=25))
        out = StringIO()
        call_command("clean_pending_uploads", "--dry-run", stdout=out)
        self.assertEqual(self.pending_files(), [old.file])
        self.assertIn(old.file, out.getvalue())

    def test_nothing_to_clean_is_said_plainly(self):
        out = StringIO()
        call_command("clean_pending_uploads", stdout=out)
        self.assertIn("지울 사진이 없습니다", out.getvalue())


class RelatedPickerTests(PendingRootMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(make_editor("desk"))
        self.article = make_article(title="안양천 산책로 새 단장")
        self.other = make_article(title="안양천 자전거길 전 구간 개통")

    def picks(self, *related, title="안양천 산책로 새 단장 (고침)"):
        data = form_data(self.client.get(change_url(self.article)), "article_form")
        data["title"] = title
        data["related_links-TOTAL_FORMS"] = str(len(related))
        for number, pick in enumerate(related):
            data[f"related_links-{number}-position"] = str(number + 1)
            data[f"related_links-{number}-related"] = str(pick.pk)
            data[f"related_links-{number}-article"] = str(self.article.pk)
        return self.client.post(change_url(self.article), data)

    def test_picking_the_article_itself_is_refused_with_a_message_keeping_the_form(self):
        response = self.picks(self.other, self.article)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "이 기사 자신은 관련 기사로 고를 수 없습니다", count=2)
        self.assertContains(response, '<a href="#related_links-group">관련 기사</a>에서 고칠 것')
        self.assertContains(response, 'value="안양천 산책로 새 단장 (고침)"')
        self.assertFalse(RelatedArticle.objects.exists())
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, "안양천 산책로 새 단장")

    def test_picking_the_same_article_twice_is_refused_in_korean(self):
        response = self.picks(self.other, self.other)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "같은 기사를 두 번 골랐습니다")
        self.assertNotContains(response, "Please correct")
        self.assertFalse(RelatedArticle.objects.exists())

    def test_picking_again_an_article_already_picked_is_refused_in_korean(self):
        RelatedArticle.objects.create(article=self.article, related=self.other, position=1)
        data = form_data(self.client.get(change_url(self.article)), "article_form")
        data["related_links-TOTAL_FORMS"] = "2"
        data["related_links-1-position"] = "2"
        data["related_links-1-related"] = str(self.other.pk)
        data["related_links-1-article"] = str(self.article.pk)
        response = self.client.post(change_url(self.article), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "같은 기사를 두 번 골랐습니다")
        self.assertEqual(RelatedArticle.objects.count(), 1)

    def test_an_impossible_position_is_refused_not_a_500(self):
        data = form_data(self.client.get(change_url(self.article)), "article_form")
        data["related_links-TOTAL_FORMS"] = "1"
        data["related_links-0-position"] = "40000"
        data["related_links-0-related"] = str(self.other.pk)
        data["related_links-0-article"] = str(self.article.pk)
        response = self.client.post(change_url(self.article), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "32767")

    def test_the_picker_never_offers_the_article_itself(self):
        page = self.client.get(change_url(self.article)).content.decode()
        url = re.search(r'name="related_links-__prefix__-related"[^>]*', page).group(0)
        ajax = re.search(r'data-ajax--url="([^"]+)"', url).group(1).replace("&amp;", "&")
        asks = {
            "term": "안양천",
            "app_label": "articles",
            "model_name": "relatedarticle",
            "field_name": "related",
        }
        self.assertIn("?", ajax)  # select2 adds its parameters to the URL, as here
        found = self.client.get(f"{ajax}&{urlencode(asks)}").json()["results"]
        self.assertEqual([row["text"] for row in found], ["안양천 자전거길 전 구간 개통"])

    def test_the_article_search_elsewhere_still_finds_every_article(self):
        found = self.client.get(
            reverse("admin:autocomplete"),
            {
                "term": "안양천",
                "app_label": "articles",
                "model_name": "relatedarticle",
                "field_name": "related",
            },
        ).json()["results"]
        self.assertEqual(len(found), 2)


class NoServerErrorOnSaveTests(PendingRootMixin, TestCase):
    """What the workflow's services refuse after the form's own checks (a schedule at a minute
    boundary between the two, a concurrent move) is a message on the form, as typed."""

    def setUp(self):
        super().setUp()
        self.desk = make_editor("desk")
        self.client.force_login(self.desk)
        self.article = make_article(
            title="예산안 제출", status=Article.Status.REVIEW, publish_at=None
        )

    def schedule(self, **changes):
        data = form_data(self.client.get(change_url(self.article)), "article_form")
        when = timezone.localtime() + timedelta(hours=2)
        data.update(
            {"publish_at_0": f"{when:%Y-%m-%d}", "publish_at_1": f"{when:%H:%M}", "_schedule": "1"}
        )
        data.update(changes)
        return self.client.post(change_url(self.article), data)

    def test_a_schedule_the_service_refuses_is_a_message_keeping_what_was_typed(self):
        refusal = ValidationError("예약 시각은 지금보다 뒤여야 합니다 (분 단위).")
        with mock.patch("articles.services.article_schedule", side_effect=refusal):
            response = self.schedule(title="예산안 제출 (고침)")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "예약 시각은 지금보다 뒤여야 합니다")
        self.assertContains(response, 'value="예산안 제출 (고침)"')
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, "예산안 제출")
        self.assertEqual(self.article.status, Article.Status.REVIEW)

    def test_a_move_the_service_denies_is_a_message_not_a_500(self):
        denied = PermissionDenied("이 기사에 그 일을 할 권한이 없습니다.")
        with mock.patch("articles.services.article_schedule", side_effect=denied):
            response = self.schedule()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "이 기사에 그 일을 할 권한이 없습니다.")

    def test_a_waiting_photo_survives_a_refused_move(self):
        refusal = ValidationError("그사이 다른 사람이 이 기사를 먼저 바꾸었습니다.")
        with mock.patch("articles.services.article_schedule", side_effect=refusal):
            response = self.schedule(photo=make_photo("현장.jpg"))
        self.assertContains(response, "그사이 다른 사람이 이 기사를 먼저 바꾸었습니다.")
        self.assertTrue(form_data(response, "article_form")["photo_pending"])
        self.assertEqual(len(self.pending_files()), 1, "kept once, though checked twice")
        self.article.refresh_from_db()
        self.assertFalse(self.article.photo)

    def test_clearing_the_publish_time_of_a_live_article_is_refused(self):
        live = make_article(title="게재된 기사")
        data = form_data(self.client.get(change_url(live)), "article_form")
        data.update({"publish_at_0": "", "publish_at_1": ""})
        response = self.client.post(change_url(live), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "게재 시각을 비울 수 없습니다")
        before = live.publish_at
        live.refresh_from_db()
        self.assertEqual(live.publish_at, before)


class WritingScreenTests(TestCase):
    def setUp(self):
        self.client.force_login(make_editor("desk"))

    def test_the_title_shows_its_length_against_the_limit(self):
        article = make_article(title="안양천 산책로 새 단장", reporter=make_reporter())
        response = self.client.get(change_url(article))
        self.assertContains(response, 'maxlength="200"')
        self.assertContains(response, "12/200자")

    def test_the_editor_loads_our_korean_configuration(self):
        config = settings.CKEDITOR_CONFIGS["default"]
        script = Path(settings.BASE_DIR, "static", config["customConfig"].removeprefix("/static/"))
        self.assertTrue(script.is_file(), script)
        text = script.read_text()
        self.assertIn("captionPlaceholder", text)
        self.assertIn('"tel"', text)
        response = self.client.get(ADD)
        self.assertContains(response, "editor-config.js")

    def test_the_image_browser_is_in_korean(self):
        response = self.client.get(reverse("ckeditor_browse"))
        self.assertContains(response, "넣을 사진")
        for english in ("Embed Image", "Browse for the image", "No images found", "Search files"):
            self.assertNotContains(response, english)


class PublicationTimeInputsTests(TestCase):
    def test_the_date_and_the_time_input_each_have_a_name(self):
        self.client.force_login(make_editor("desk"))
        article = make_article()
        page = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        html = page.content.decode()
        self.assertRegex(
            html,
            r'<input[^>]*aria-label="게재 날짜"[^>]*name="publish_at_0"|'
            r'<input[^>]*name="publish_at_0"[^>]*aria-label="게재 날짜"',
        )
        self.assertRegex(
            html,
            r'<input[^>]*aria-label="게재 시각"[^>]*name="publish_at_1"|'
            r'<input[^>]*name="publish_at_1"[^>]*aria-label="게재 시각"',
        )
