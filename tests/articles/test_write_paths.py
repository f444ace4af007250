"""Every way of writing an article body keeps the rules: the body is cut to the allow-list, and
what is derived from it (the search text, the revision time) follows, or the write is refused."""

import json
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.db.models import F
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_reporter, make_section

SEARCH = reverse("articles:search")
# What must never reach a reader's page from a body, whichever way it was written.
FORBIDDEN = ("alert(1)", "onerror", "onclick", "javascript:", "position:fixed")


def hostile(word):
    """A body with `word` in its text and every kind of markup the allow-list must remove."""
    return (
        f'<p style="position:fixed">{word} 주민 설명회</p>'
        "<script>alert(1)</script>"
        "<img src=x onerror=alert(1)>"
        '<a href="javascript:alert(1)" onclick="x()">링크</a>'
    )


class WritePathTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section()
        cls.reporter = make_reporter()

    def new_article(self, **fields):
        return Article(
            title="문래동 소식",
            section=self.section,
            reporter=self.reporter,
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(hours=1),
            **fields,
        )

    def assert_clean(self, article):
        body = Article.objects.get(pk=article.pk).body
        for forbidden in (*FORBIDDEN, "<script", "style="):
            self.assertNotIn(forbidden, body)
        response = self.client.get(article.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        for forbidden in FORBIDDEN:
            self.assertNotIn(forbidden, page)
        self.assertIn("주민 설명회", page)

    def assert_found(self, word, article):
        response = self.client.get(SEARCH, {"q": word})
        self.assertEqual([found.pk for found in response.context["page_obj"]], [article.pk])

    def assert_revised(self, article):
        article = Article.objects.get(pk=article.pk)
        self.assertTrue(article.shows_revision)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, "<span>수정 <time")


class SaveTests(WritePathTestCase):
    def test_save_cleans_a_hostile_body(self):
        article = self.new_article(body=hostile("당산"))
        article.save()
        self.assert_clean(article)
        self.assert_found("당산", article)

    def test_saving_only_the_body_cleans_it_and_keeps_search_and_revision(self):
        article = Article.objects.get(pk=make_article(body="<p>예전 본문</p>").pk)
        article.body = hostile("양평동")
        article.save(update_fields=["body"])
        self.assertNotIn("<script", article.body)  # the instance holds what was stored
        self.assert_clean(article)
        self.assert_found("양평동", article)
        self.assert_revised(article)

    def test_saving_only_the_title_keeps_it_searchable(self):
        article = Article.objects.get(pk=make_article(title="예전 제목").pk)
        article.title = "도림천 정비"
        article.save(update_fields=["title"])
        self.assert_found("도림천", article)
        self.assert_revised(article)

    def test_a_database_expression_is_refused_as_a_body(self):
        article = make_article(summary="<script>alert(1)</script>")
        article.body = F("summary")
        with self.assertRaisesMessage(TypeError, "HTML text"):
            article.save()


class BulkTests(WritePathTestCase):
    def test_bulk_create_cleans_hostile_bodies_and_they_are_found(self):
        [article] = Article.objects.bulk_create([self.new_article(body=hostile("신길동"))])
        self.assertNotIn("<script", article.body)
        self.assert_clean(article)
        self.assert_found("신길동", article)

    def test_bulk_update_cleans_hostile_bodies_and_keeps_search_and_revision(self):
        first, second = make_article(), make_article()
        articles = list(Article.objects.filter(pk__in=[first.pk, second.pk]))
        for article in articles:
            article.body = hostile(f"대림{article.pk}호")
        Article.objects.bulk_update(articles, ["body"])
        for article in articles:
            self.assertNotIn("<script", article.body)
            self.assert_clean(article)
            self.assert_found(f"대림{article.pk}호", article)
            self.assert_revised(article)

    def test_bulk_update_of_a_title_keeps_it_searchable(self):
        article = Article.objects.get(pk=make_article(title="예전 제목").pk)
        article.title = "여의도 봄꽃"
        Article.objects.bulk_update([article], ["title"])
        self.assert_found("봄꽃", article)

    def test_bulk_update_refuses_a_database_expression_as_a_body(self):
        article = make_article(summary="<script>alert(1)</script>")
        article.body = F("summary")
        with self.assertRaisesMessage(TypeError, "HTML text"):
            Article.objects.bulk_update([article], ["body"])
        self.assert_clean_unchanged(article)

    def assert_clean_unchanged(self, article):
        self.assertNotIn("<script", Article.objects.get(pk=article.pk).body)


class QuerySetUpdateTests(WritePathTestCase):
    def test_update_of_the_body_is_refused_with_the_way_to_do_it(self):
        article = make_article(body="<p>원래 본문</p>")
        for field, value in [
            ("body", hostile("영등포")),
            ("body", F("summary")),
            ("title", "몰래 바뀐 제목"),
            ("subtitle", "몰래 바뀐 부제"),
            ("search_text", "아무 말"),
        ]:
            with (
                self.subTest(field=field),
                self.assertRaisesRegex(TypeError, r"save\(\).*bulk_update\(\)"),
            ):
                Article.objects.filter(pk=article.pk).update(**{field: value})
        self.assertEqual(Article.objects.get(pk=article.pk).body, "<p>원래 본문</p>")

    def test_update_of_other_fields_still_works(self):
        article = make_article()
        Article.objects.filter(pk=article.pk).update(summary="요약만 바꿈")
        self.assertEqual(Article.objects.get(pk=article.pk).summary, "요약만 바꿈")


class FixtureTests(WritePathTestCase):
    def load(self, **fields):
        now = timezone.now().isoformat()
        row = {
            "model": "articles.article",
            "fields": {
                "title": "불러온 기사",
                "section": self.section.pk,
                "reporter": self.reporter.pk,
                "status": "published",
                "publish_at": now,
                "first_published_at": now,
                "created_at": now,
                "updated_at": now,
                **fields,
            },
        }
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "articles.json"
            path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
            call_command("loaddata", str(path), verbosity=0)
        return Article.objects.get(title="불러온 기사")

    def test_loaddata_cleans_a_hostile_body_and_derives_the_search_text(self):
        article = self.load(body=hostile("선유도"))
        self.assert_clean(article)
        self.assert_found("선유도", article)

    def test_a_fixtures_stale_search_text_is_replaced(self):
        article = self.load(body="<p>새 본문 목동</p>", search_text="옛날 글 <script>")
        self.assert_found("목동", article)
        self.assertNotIn("옛날", Article.objects.get(pk=article.pk).search_text)
