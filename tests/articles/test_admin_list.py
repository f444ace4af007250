"""The desk's article list: its order (the same on PostgreSQL and SQLite), its columns, and
what a reporter's list leaves out."""

import re
from datetime import timedelta
from importlib import import_module

import time_machine
from django.apps import apps as django_apps
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import make_article, make_editor, make_reporter_user, make_section

LIST = reverse("admin:articles_article_changelist")


def titles(response):
    return [article.title for article in response.context["cl"].result_list]


class DeskOrderTests(TestCase):
    """승인대기 (the longest waiting first), then 예약 (the soonest first), then the rest (the
    last changed first)."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.reporter_user, cls.reporter = make_reporter_user()
        cls.now = timezone.now().replace(microsecond=0)
        hours = lambda n: cls.now - timedelta(hours=n)  # noqa: E731

        def at(moment, make, **fields):
            with time_machine.travel(moment, tick=False):
                return make(**fields)

        def submit(moment, article):
            with time_machine.travel(moment, tick=False):
                article = Article.objects.get(pk=article.pk)
                return services.article_submit(article=article, by=cls.reporter_user)

        def draft(moment, title):
            return at(
                moment,
                make_article,
                title=title,
                reporter=cls.reporter,
                status=Article.Status.DRAFT,
                publish_at=None,
            )

        # Submitted 10 hours ago, then corrected by its reporter while waiting: still the
        # longest waiting.
        first = submit(hours(10), draft(hours(11), "10시간째 대기"))
        with time_machine.travel(hours(1), tick=False):
            first = Article.objects.get(pk=first.pk)
            first.title = "10시간째 대기 (고침)"
            first.save()
        submit(hours(6), draft(hours(12), "6시간째 대기"))
        # Submitted 20 hours ago, returned, submitted again 2 hours ago: it waits 2 hours.
        again = submit(hours(20), draft(hours(21), "되돌려졌다가 다시 요청"))
        with time_machine.travel(hours(19), tick=False):
            again = Article.objects.get(pk=again.pk)
            services.article_return(article=again, message="사진을 보태 주세요.", by=cls.desk)
        submit(hours(2), again)

        at(hours(30), make_article, title="모레 예약", publish_at=cls.now + timedelta(days=2))
        at(
            hours(30),
            make_article,
            title="한 시간 뒤 예약",
            publish_at=cls.now + timedelta(hours=1),
        )

        at(hours(3), make_article, title="3시간 전 게재", publish_at=hours(3))
        draft(hours(4), "4시간 전에 고친 초안")
        at(hours(5), make_article, title="5시간 전에 고친 기사", publish_at=hours(50))
        draft(hours(40), "40시간 전에 고친 초안")

    def setUp(self):
        self.client.force_login(self.desk)
        self.traveller = time_machine.travel(self.now, tick=False)
        self.traveller.start()
        self.addCleanup(self.traveller.stop)

    def test_the_desk_list_opens_with_what_waits_for_the_desk(self):
        self.assertEqual(
            titles(self.client.get(LIST)),
            [
                "10시간째 대기 (고침)",
                "6시간째 대기",
                "되돌려졌다가 다시 요청",
                "한 시간 뒤 예약",
                "모레 예약",
                "3시간 전 게재",
                "4시간 전에 고친 초안",
                "5시간 전에 고친 기사",
                "40시간 전에 고친 초안",
            ],
        )

    def test_a_scheduled_article_joins_the_rest_once_its_minute_has_come(self):
        with time_machine.travel(self.now + timedelta(hours=1, minutes=1), tick=False):
            found = titles(self.client.get(LIST))
        self.assertEqual(
            found[3:],
            [
                "모레 예약",
                "3시간 전 게재",
                "4시간 전에 고친 초안",
                "5시간 전에 고친 기사",
                "한 시간 뒤 예약",  # last changed 30 hours ago
                "40시간 전에 고친 초안",
            ],
        )

    def test_in_review_shows_when_it_was_submitted(self):
        response = self.client.get(LIST)
        submitted = timezone.localtime(self.now - timedelta(hours=10))
        self.assertContains(response, f'승인대기 <time datetime="{submitted.isoformat()}">')
        self.assertContains(response, f"{submitted:%m.%d %H:%M}</time>")

    def test_an_article_put_in_review_without_the_workflow_waits_from_its_last_change(self):
        """Demo content is created in 승인대기 directly, with no 승인 요청 to date it."""
        with time_machine.travel(self.now - timedelta(hours=8), tick=False):
            make_article(
                title="8시간 전에 만든 대기 기사", status=Article.Status.REVIEW, publish_at=None
            )
        self.assertEqual(
            titles(self.client.get(LIST))[:2], ["10시간째 대기 (고침)", "8시간 전에 만든 대기 기사"]
        )

    def test_articles_waiting_before_the_field_existed_are_dated_from_their_revisions(self):
        """Migration 0014: the first revision in review after the last one that was not."""
        backfill = import_module("articles.migrations.0014_article_submitted_at")
        Article.objects.update(submitted_at=None)
        backfill.submitted_from_revisions(django_apps, None)
        waiting = dict(Article.objects.filter(status="review").values_list("title", "submitted_at"))
        hours = lambda n: self.now - timedelta(hours=n)  # noqa: E731
        self.assertEqual(
            waiting,
            {
                "10시간째 대기 (고침)": hours(10),
                "6시간째 대기": hours(6),
                "되돌려졌다가 다시 요청": hours(2),
            },
        )

    def test_no_column_claims_the_default_order(self):
        """The order is the queue's, not any one column's: no heading is marked sorted."""
        html = self.client.get(LIST).content.decode()
        self.assertIn("sortable column-title", html)
        self.assertIsNone(re.search(r'<th [^>]*class="[^"]*\bsorted\b', html))

    def test_sorting_by_state_puts_empty_publish_times_last_then_first(self):
        """Sorted by the state column (the publish time), articles without one come after all
        the others, and before them in reverse: the same on PostgreSQL and SQLite."""
        column = self.client.get(LIST).context["cl"].list_display.index("state_badge")
        undated = {"10시간째 대기 (고침)", "6시간째 대기", "되돌려졌다가 다시 요청"}
        undated |= {"4시간 전에 고친 초안", "40시간 전에 고친 초안"}
        ascending = titles(self.client.get(LIST, {"o": str(column)}))
        self.assertEqual(
            ascending[:4], ["5시간 전에 고친 기사", "3시간 전 게재", "한 시간 뒤 예약", "모레 예약"]
        )
        self.assertEqual(set(ascending[4:]), undated)
        descending = titles(self.client.get(LIST, {"o": f"-{column}"}))
        self.assertEqual(set(descending[:5]), undated)
        self.assertEqual(
            descending[5:],
            ["모레 예약", "한 시간 뒤 예약", "3시간 전 게재", "5시간 전에 고친 기사"],
        )


class ListColumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.reporter_user, cls.reporter = make_reporter_user(name="이천용")
        make_article(title="이천용의 기사", reporter=cls.reporter)
        make_article(title="다른 기자의 기사")  # a second reporter and section: filters show

    def test_the_desk_sees_the_reporter_by_name_and_filters_by_reporter(self):
        self.client.force_login(self.desk)
        response = self.client.get(LIST)
        self.assertContains(response, '<td class="field-reporter_name">이천용</td>', html=True)
        self.assertContains(response, 'data-filter-title="기자"')
        self.assertEqual(response.context["title"], "기사")

    def test_a_reporter_sees_no_reporter_column_nor_filter(self):
        """A reporter's list holds only their own articles."""
        self.client.force_login(self.reporter_user)
        response = self.client.get(LIST)
        self.assertContains(response, "이천용의 기사")
        self.assertNotContains(response, "field-reporter_name")
        self.assertNotContains(response, 'data-filter-title="기자"')
        self.assertEqual(response.context["title"], "내 기사")

    def test_filters_are_headed_by_their_plain_names(self):
        self.client.force_login(self.desk)
        response = self.client.get(LIST)
        self.assertNotContains(response, "(으)로")
        for name in ["상태", "섹션", "기자", "게재 시각"]:
            self.assertContains(response, f"<summary>{name}</summary>", html=True)

    def test_the_search_box_and_the_delete_action_speak_korean(self):
        self.client.force_login(self.desk)
        response = self.client.get(LIST)
        self.assertContains(response, 'alt="기사 검색"')
        self.assertNotContains(response, 'alt="Search"')
        actions = [label for _, label in response.context["action_form"].fields["action"].choices]
        self.assertEqual(actions[-1], "선택한 기사 삭제")
        self.assertNotContains(response, "을/를")

    def test_the_list_has_no_side_menu(self):
        """The headlines get the width the admin's side menu would take."""
        self.client.force_login(self.desk)
        self.assertNotContains(self.client.get(LIST), 'id="nav-sidebar"')
        self.assertContains(self.client.get(reverse("admin:index")), "css/admin.css")

    def test_times_are_short_this_year_and_dated_before(self):
        self.client.force_login(self.desk)
        now = timezone.localtime()
        with time_machine.travel(now.replace(year=now.year - 1), tick=False):
            make_article(title="작년 기사")
        response = self.client.get(LIST)
        self.assertContains(response, f"{now.year - 1}.{now:%m.%d}</time>")
        self.assertContains(response, f"{now:%m.%d} ")

    def test_the_list_costs_the_same_number_of_queries_for_many_rows(self):
        self.client.force_login(self.desk)
        self.client.get(LIST)  # the session and permission caches settle
        with CaptureQueriesContext(connection) as few:
            self.client.get(LIST)
        section = make_section()
        for n in range(20):
            make_article(title=f"추가 기사 {n}", section=section, reporter=self.reporter)
            if n % 3 == 0:
                make_article(status=Article.Status.REVIEW, publish_at=None, section=section)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(LIST)
        self.assertEqual(len(response.context["cl"].result_list), 29)
        self.assertEqual(len(many.captured_queries), len(few.captured_queries))
