from datetime import timedelta

import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, SiteSettings
from tests.factories import make_article


class PublishedTests(TestCase):
    def test_published_is_status_and_time(self):
        live = make_article()
        make_article(status=Article.Status.DRAFT)
        make_article(status=Article.Status.REVIEW)
        make_article(publish_at=timezone.now() + timedelta(minutes=5))
        self.assertEqual(list(Article.objects.published()), [live])

    def test_scheduled_article_is_hidden_until_publish_at(self):
        at = timezone.now() + timedelta(hours=1)
        article = make_article(publish_at=at)
        self.assertFalse(Article.objects.published().filter(pk=article.pk).exists())
        self.assertEqual(article.state_label, "예약")
        with time_machine.travel(at + timedelta(seconds=1)):
            self.assertTrue(Article.objects.published().filter(pk=article.pk).exists())
            self.assertEqual(article.state_label, "게재중")

    def test_published_without_time_is_refused_by_the_database(self):
        article = make_article(status=Article.Status.DRAFT, publish_at=None)
        with self.assertRaises(IntegrityError):
            Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


class TimestampTests(TestCase):
    def test_publishing_sets_first_published_to_publish_time(self):
        article = make_article(status=Article.Status.DRAFT, publish_at=None)
        self.assertIsNone(article.first_published_at)
        article.status = Article.Status.PUBLISHED
        article.save()
        self.assertEqual(article.first_published_at, article.publish_at)

    def test_first_published_never_changes_after_unpublish_and_republish(self):
        article = make_article()
        first = article.first_published_at
        article.status = Article.Status.DRAFT
        article.save()
        article.status = Article.Status.PUBLISHED
        article.publish_at = timezone.now()
        article.save()
        article.refresh_from_db()
        self.assertEqual(article.first_published_at, first)

    def test_rescheduling_before_going_live_moves_first_published(self):
        article = make_article(publish_at=timezone.now() + timedelta(hours=2))
        later = timezone.now() + timedelta(hours=5)
        article.publish_at = later
        article.save()
        self.assertEqual(article.first_published_at, later)

    def test_edit_after_going_live_shows_revision(self):
        article = Article.objects.get(pk=make_article().pk)
        self.assertFalse(article.shows_revision)
        article.body = "<p>고친 본문</p>"
        article.save()
        self.assertTrue(article.shows_revision)

    def test_status_change_alone_is_not_a_revision(self):
        article = Article.objects.get(pk=make_article().pk)
        article.summary = "요약만 바꿈"
        article.save()
        self.assertIsNone(article.revised_at)

    def test_the_editors_and_browsers_formatting_is_not_a_revision(self):
        article = make_article(
            subtitle="첫 줄\n둘째 줄", body="<p>하나</p><blockquote><p>둘</p></blockquote>"
        )
        article = Article.objects.get(pk=article.pk)
        # The change form posted back untouched, as a browser does: CRLF line ends, and the
        # body as CKEditor formats it, with blank lines between blocks.
        article.subtitle = "첫 줄\r\n둘째 줄"
        article.body = "<p>하나</p>\n\n<blockquote>\n<p>둘</p>\n</blockquote>\n"
        article.photo_caption = "사진 설명만 고침"
        article.save()
        self.assertIsNone(article.revised_at)
        article.body = "<p>하나</p>\n\n<blockquote>\n<p>둘, 고침</p>\n</blockquote>\n"
        article.save()
        self.assertTrue(article.shows_revision)

    def test_edit_before_going_live_is_not_a_revision(self):
        article = Article.objects.get(pk=make_article(status=Article.Status.DRAFT).pk)
        article.title = "초고 제목 수정"
        article.save()
        self.assertIsNone(article.revised_at)


class SanitizeOnSaveTests(TestCase):
    def test_every_save_cleans_the_body(self):
        article = make_article(
            body=(
                '<p onclick="steal()">본문<script>alert(1)</script></p>'
                '<a href="javascript:alert(1)">링크</a>'
                '<img src="/media/uploads/a.jpg" onerror="alert(1)">'
                '<img src="https://tracker.example/pixel.gif">'
                '<div style="position:fixed;top:0">덮개</div>'
            )
        )
        body = Article.objects.get(pk=article.pk).body
        for forbidden in ("script", "onclick", "javascript:", "onerror", "tracker", "style="):
            self.assertNotIn(forbidden, body)
        self.assertIn('<img src="/media/uploads/a.jpg">', body)
        self.assertIn("덮개", body)

    def test_reporter_markup_is_kept(self):
        html = (
            "<h2>소제목</h2><p><strong>굵게</strong> <em>기울임</em> "
            '<a href="https://example.com/a">링크</a></p><ul><li>하나</li></ul>'
            "<blockquote><p>인용</p></blockquote>"
            "<table><tbody><tr><td>표</td></tr></tbody></table>"
            '<figure class="photo"><img src="/media/uploads/b.jpg" alt="사진">'
            "<figcaption>설명</figcaption></figure>"
        )
        body = make_article(body=html).body
        kept = ["<h2>", "<strong>", "<em>", 'href="https://example.com/a"', "<ul>"]
        kept += ["<blockquote>", "<table>", '<figure class="photo">', "<figcaption>"]
        for part in kept:
            self.assertIn(part, body)

    def test_partial_save_still_cleans_the_body(self):
        article = make_article()
        article.body = "<p>다시<script>x()</script></p>"
        article.save(update_fields=["body"])
        self.assertEqual(Article.objects.get(pk=article.pk).body, "<p>다시</p>")

    def test_a_body_of_nothing_but_removed_markup_is_refused_as_empty(self):
        article = make_article()
        article.body = '<script>alert(1)</script><iframe src="https://tracker.example/"></iframe>'
        with self.assertRaises(ValidationError) as caught:
            article.full_clean()
        self.assertIn("body", caught.exception.message_dict)


class SiteSettingsTests(TestCase):
    def test_there_is_one_row_with_the_paper_name(self):
        site = SiteSettings.load()
        self.assertEqual(site.name, "영등포신문")
        SiteSettings(name="다른신문").save()
        self.assertEqual(SiteSettings.objects.count(), 1)
        self.assertEqual(SiteSettings.load().name, "다른신문")
