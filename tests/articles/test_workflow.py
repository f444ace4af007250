"""The desk's workflow: states, scheduling at an exact minute, revisions, edit conflicts,
preview and share links, and the reporter's own upload folder."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, SiteSettings
from articles.workflow import ACTIONS, State, read_share_token, share_token
from tests.factories import (
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_reporter_user,
    make_section,
)
from tests.forms import form_data

SEOUL = ZoneInfo("Asia/Seoul")
LOCAL_CACHE = {
    **settings.CACHES,
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Preview: session, user, permissions. Both: how long the related fill may be kept, as on
# readers' pages (the next scheduled article and front-page edition).
# Each with the 속보 box and its next change, the banner ads and theirs, the article's
# corrections and the footer's pages.
PREVIEW_BUDGETS = {"preview": 17, "share": 13}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft(**overrides):
    return make_article(status=Article.Status.DRAFT, publish_at=None, **overrides)


class ServicesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.reporter_user, cls.reporter = make_reporter_user()

    def test_a_reporter_submits_a_draft_for_review(self):
        article = draft(reporter=self.reporter)
        services.article_submit(article=article, by=self.reporter_user)
        article.refresh_from_db()
        self.assertEqual(article.state_label, "승인대기")

    def test_a_reporter_cannot_publish_schedule_unpublish_or_return(self):
        article = draft(reporter=self.reporter)
        later = timezone.now() + timedelta(hours=1)
        calls = [
            lambda: services.article_publish(article=article, by=self.reporter_user),
            lambda: services.article_schedule(
                article=article, publish_at=later, by=self.reporter_user
            ),
            lambda: services.article_unpublish(article=article, by=self.reporter_user),
            lambda: services.article_return(article=article, message="다시", by=self.reporter_user),
        ]
        for call in calls:
            with self.subTest(call=call), self.assertRaises(PermissionDenied):
                call()
        article.refresh_from_db()
        self.assertEqual(article.status, Article.Status.DRAFT)

    def test_scheduling_needs_a_future_minute_and_drops_the_seconds(self):
        article = draft()
        with time_machine.travel(datetime(2026, 3, 2, 9, 0, 30, tzinfo=SEOUL), tick=False):
            with self.assertRaises(ValidationError):
                services.article_schedule(
                    article=article,
                    publish_at=datetime(2026, 3, 2, 9, 0, 50, tzinfo=SEOUL),
                    by=self.desk,
                )
            services.article_schedule(
                article=article,
                publish_at=datetime(2026, 3, 2, 9, 5, 42, 123, tzinfo=SEOUL),
                by=self.desk,
            )
        article.refresh_from_db()
        self.assertEqual(article.publish_at, datetime(2026, 3, 2, 9, 5, tzinfo=SEOUL))
        self.assertEqual(article.first_published_at, article.publish_at)

    def test_first_publication_never_moves_after_unpublish_and_republish(self):
        article = draft()
        first = datetime(2026, 3, 2, 9, 0, tzinfo=SEOUL)
        with time_machine.travel(first, tick=False):
            services.article_publish(article=article, by=self.desk)
        with time_machine.travel(first + timedelta(hours=2), tick=False):
            services.article_unpublish(article=article, by=self.desk)
        article.refresh_from_db()
        self.assertEqual(article.status, Article.Status.DRAFT)
        self.assertEqual(article.first_published_at, first)
        with time_machine.travel(first + timedelta(days=1), tick=False):
            services.article_publish(article=article, by=self.desk)
        article.refresh_from_db()
        self.assertEqual(article.first_published_at, first)
        self.assertEqual(article.publish_at, first + timedelta(days=1))
        self.assertFalse(article.shows_revision)  # no title, subtitle or body change

    def test_unpublishing_a_live_article_makes_its_url_404(self):
        article = make_article()
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 200)
        services.article_unpublish(article=article, by=self.desk)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)

    def test_returning_keeps_the_desks_message_until_the_reporter_resubmits(self):
        article = make_article(status=Article.Status.REVIEW, reporter=self.reporter)
        services.article_return(article=article, message="제목을 줄여 주세요.", by=self.desk)
        article.refresh_from_db()
        self.assertEqual((article.status, article.desk_note), ("draft", "제목을 줄여 주세요."))
        self.client.force_login(self.reporter_user)
        self.assertContains(self.client.get(change_url(article)), "제목을 줄여 주세요.")
        services.article_submit(article=article, by=self.reporter_user)
        article.refresh_from_db()
        self.assertEqual((article.status, article.desk_note), ("review", ""))

    def test_a_move_from_an_article_read_before_someone_elses_save_is_refused(self):
        article = make_article(publish_at=timezone.now() + timedelta(days=1), title="예약 기사")
        theirs, mine = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
        other_desk = make_editor("other_desk")
        theirs.title = "다른 데스크가 고친 제목"
        services.article_publish(article=theirs, by=other_desk)
        with self.assertRaisesMessage(
            ValidationError, "그사이 other_desk님이 이 기사를 먼저 바꾸었습니다 (지금 게재중)"
        ):
            services.article_unpublish(article=mine, by=self.desk)
        article.refresh_from_db()
        self.assertEqual(article.title, "다른 데스크가 고친 제목")
        self.assertEqual(article.state_label, "게재중")
        self.assertEqual(article.history.latest().history_user, other_desk)

    def test_a_live_article_cannot_be_returned_before_it_is_taken_down(self):
        article = make_article()
        with self.assertRaisesMessage(ValidationError, "먼저 게재를 취소"):
            services.article_return(article=article, message="다시", by=self.desk)


class SchedulingTests(TestCase):
    """Visibility is decided when the page is built: no cron, no worker, no stale list."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.section = make_section(name="행정", slug="admin")
        cls.reporter = make_reporter(name="이천용")
        make_article(section=cls.section, reporter=cls.reporter, title="이미 나간 기사")

    def pages(self, article):
        return {
            "home": reverse("articles:home"),
            "section": self.section.get_absolute_url(),
            "reporter": self.reporter.get_absolute_url(),
        }

    def assert_visible(self, article, visible):
        for name, url in self.pages(article).items():
            with self.subTest(page=name, visible=visible):
                html = self.client.get(url).content.decode()
                self.assertEqual(article.title in html, visible)
        status = self.client.get(article.get_absolute_url()).status_code
        self.assertEqual(status, 200 if visible else 404)

    # The local-memory cache here; the configured one (on disk, or Redis) in the next test.
    @override_settings(CACHES=LOCAL_CACHE)
    def test_scheduled_articles_appear_on_every_page_at_their_minute(self):
        start = datetime(2026, 3, 2, 9, 0, 55, tzinfo=SEOUL)
        with time_machine.travel(start, tick=False) as clock:
            soon, later = (
                draft(section=self.section, reporter=self.reporter, title=title)
                for title in ("5초 뒤 기사", "65초 뒤 기사")
            )
            services.article_schedule(
                article=soon, publish_at=start + timedelta(seconds=5), by=self.desk
            )
            services.article_schedule(
                article=later, publish_at=start + timedelta(seconds=65), by=self.desk
            )
            self.assert_visible(soon, False)
            self.assert_visible(later, False)
            clock.shift(timedelta(seconds=4))  # 09:00:59
            self.assert_visible(soon, False)
            clock.shift(timedelta(seconds=1))  # 09:01:00
            self.assert_visible(soon, True)
            self.assert_visible(later, False)
            clock.shift(timedelta(seconds=60))  # 09:02:00
            self.assert_visible(later, True)

    def test_with_the_configured_cache_an_article_appears_at_its_minute(self):
        """On disk, or Redis as in production, warmed before the minute. Redis expires entries
        by its own clock, which time_machine does not move; the page cache checks each entry's
        lifetime by this process's clock as well, so moving this clock is enough."""
        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            article = make_article(
                section=self.section,
                reporter=self.reporter,
                title="설정된 캐시 예약 기사",
                publish_at=start + timedelta(minutes=1),
            )
            self.assert_visible(article, False)
            clock.move_to(article.publish_at - timedelta(seconds=1))
            self.assert_visible(article, False)
            clock.move_to(article.publish_at)
            self.assert_visible(article, True)


class AdminWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.reporter_user, cls.reporter = make_reporter_user(name="김기자")

    def test_the_admin_stays_korean_for_a_browser_asking_for_english(self):
        self.client.force_login(self.desk)
        article = draft()
        response = self.client.get(change_url(article), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "저장")
        self.assertNotContains(response, "Save and continue editing")

    def test_only_a_live_article_links_to_its_reader_page(self):
        self.client.force_login(self.desk)
        live, waiting = make_article(), draft()
        link = 'href="{}" class="viewsitelink"'
        self.assertContains(self.client.get(change_url(live)), link.format(live.get_absolute_url()))
        waiting_page = self.client.get(change_url(waiting))
        self.assertNotContains(waiting_page, link.format(waiting.get_absolute_url()))
        self.assertNotContains(waiting_page, 'class="viewsitelink"')

    def test_a_reporters_new_article_carries_their_own_byline(self):
        self.client.force_login(self.reporter_user)
        section = make_section()
        page = self.client.get(reverse("admin:articles_article_add"))
        data = form_data(page, "article_form")
        self.assertNotIn("reporter", data)
        other = make_reporter()
        data.update(title="새 기사", section=section.pk, body="<p>본문</p>", reporter=other.pk)
        data["_submit"] = "승인 요청"
        response = self.client.post(reverse("admin:articles_article_add"), data)
        article = Article.objects.get(title="새 기사")
        self.assertRedirects(response, change_url(article))
        self.assertEqual(article.reporter, self.reporter)
        self.assertEqual(article.created_by, self.reporter_user)
        self.assertEqual(article.state_label, "승인대기")

    def test_the_desk_publishes_from_the_change_form(self):
        article = make_article(status=Article.Status.REVIEW, title="검토 기사")
        self.client.force_login(self.desk)
        data = form_data(self.client.get(change_url(article)), "article_form")
        data.update(title="검토 끝난 기사", _publish="지금 게재")
        response = self.client.post(change_url(article), data, follow=True)
        self.assertContains(response, "지금 게재했습니다")
        article.refresh_from_db()
        self.assertEqual((article.title, article.state_label), ("검토 끝난 기사", "게재중"))
        self.assertEqual(article.history.count(), 2)  # created, then edited and published at once

    def test_the_desk_schedules_from_the_change_form_to_the_minute(self):
        article = draft()
        self.client.force_login(self.desk)
        data = form_data(self.client.get(change_url(article)), "article_form")
        when = timezone.localtime() + timedelta(days=1)
        data.update(
            publish_at_0=f"{when:%Y-%m-%d}", publish_at_1=f"{when:%H:%M:%S}", _schedule="예약"
        )
        self.client.post(change_url(article), data)
        article.refresh_from_db()
        self.assertEqual(article.state_label, "예약")
        self.assertEqual(article.publish_at, when.replace(second=0, microsecond=0))

    def test_scheduling_in_the_past_is_a_form_error(self):
        article = draft()
        self.client.force_login(self.desk)
        data = form_data(self.client.get(change_url(article)), "article_form")
        data.update(publish_at_0="2020-01-01", publish_at_1="09:00:00", _schedule="예약")
        response = self.client.post(change_url(article), data)
        self.assertContains(response, "예약 시각은 지금보다 뒤여야 합니다")
        article.refresh_from_db()
        self.assertEqual(article.status, Article.Status.DRAFT)

    def test_list_shows_badges_with_times_and_filters_by_state(self):
        make_article(title="게재중 기사")
        make_article(title="예약 기사", publish_at=timezone.now() + timedelta(hours=3))
        draft(title="작성중 기사")
        self.client.force_login(self.desk)
        url = reverse("admin:articles_article_changelist")
        listing = self.client.get(url).content.decode()
        self.assertIn('class="state state-scheduled">예약 ', listing)
        self.assertIn('class="state state-live">게재중 ', listing)
        self.assertIn('class="state state-draft">작성중<', listing)
        scheduled = self.client.get(url, {"state": "scheduled"}).content.decode()
        self.assertIn("예약 기사", scheduled)
        self.assertNotIn("게재중 기사", scheduled)
        self.assertNotIn("작성중 기사", scheduled)

    def test_bulk_schedule_asks_for_the_time_then_schedules_each(self):
        articles = [draft(title=f"묶음 {n}") for n in range(2)]
        self.client.force_login(self.desk)
        url = reverse("admin:articles_article_changelist")
        selection = {"action": "schedule_selected", "_selected_action": [a.pk for a in articles]}
        page = self.client.post(url, selection)
        self.assertContains(page, 'type="datetime-local"')
        when = timezone.localtime() + timedelta(hours=5)
        response = self.client.post(
            url, {**selection, "apply": "1", "publish_at": f"{when:%Y-%m-%dT%H:%M}"}, follow=True
        )
        self.assertContains(response, "기사 2건을")
        for article in articles:
            article.refresh_from_db()
            self.assertEqual(article.state_label, "예약")

    def test_bulk_publish_skips_what_is_already_live_and_says_so(self):
        waiting = make_article(status=Article.Status.REVIEW, publish_at=None)
        live = make_article(title="이미 게재중")
        self.client.force_login(self.desk)
        response = self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_selected", "_selected_action": [waiting.pk, live.pk]},
            follow=True,
        )
        self.assertContains(response, "기사 1건을 게재했습니다")
        self.assertContains(response, "“이미 게재중” (이미 게재중인 기사입니다.)")
        waiting.refresh_from_db()
        self.assertEqual(waiting.state_label, "게재중")

    def test_the_desk_returns_an_article_with_a_message(self):
        article = make_article(status=Article.Status.REVIEW, reporter=self.reporter)
        self.client.force_login(self.desk)
        url = reverse("admin:articles_article_return", args=[article.pk])
        self.assertContains(self.client.get(url), "기자에게 남길 말")
        response = self.client.post(url, {"message": "사진 설명을 보태 주세요."})
        self.assertRedirects(response, change_url(article))
        article.refresh_from_db()
        self.assertEqual(article.state_label, "작성중")
        self.assertEqual(article.desk_note, "사진 설명을 보태 주세요.")


class WorkflowTableTests(TestCase):
    """States are codes with the newsroom's words as labels; the moves are one table that the
    services, the change form's buttons, the state filter and the bulk actions all read."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.reporter_user, cls.reporter = make_reporter_user(name="김기자")

    def articles_in_every_state(self):
        now = timezone.now()
        return {
            "draft": draft(reporter=self.reporter, title="작성중 기사"),
            "review": make_article(
                reporter=self.reporter, status=Article.Status.REVIEW, publish_at=None
            ),
            "scheduled": make_article(reporter=self.reporter, publish_at=now + timedelta(hours=1)),
            "live": make_article(reporter=self.reporter, publish_at=now - timedelta(hours=1)),
        }

    def test_each_state_is_a_code_labelled_with_the_newsrooms_word(self):
        labels = {"draft": "작성중", "review": "승인대기", "scheduled": "예약", "live": "게재중"}
        for code, article in self.articles_in_every_state().items():
            with self.subTest(code=code):
                self.assertEqual(article.state, code)
                self.assertEqual(article.state_label, labels[code])
                self.assertEqual(article.state.css_class, f"state-{code}")
        self.assertEqual([code for code, _ in State.choices], list(labels))

    def test_a_scheduled_article_turns_live_at_its_minute_with_no_job(self):
        at = datetime(2026, 3, 2, 9, 0, tzinfo=SEOUL)
        with time_machine.travel(at - timedelta(minutes=1), tick=False) as clock:
            article = make_article(publish_at=at)
            self.assertEqual(article.state, State.SCHEDULED)
            clock.shift(timedelta(minutes=1))
            self.assertEqual(article.state, State.LIVE)

    def test_the_preview_banner_says_what_readers_see_in_each_state(self):
        said = {
            "draft": "독자에게는 보이지 않습니다.",
            "review": "독자에게는 보이지 않습니다.",
            "scheduled": "에 독자에게 공개됩니다.",
            "live": "독자에게 게재중인 기사입니다.",
        }
        self.client.force_login(self.desk)
        for code, article in self.articles_in_every_state().items():
            with self.subTest(code=code):
                page = self.client.get(reverse("articles:preview", args=[article.pk]))
                banner = page.content.decode().split('class="preview-banner"')[1].split("</div>")[0]
                self.assertIn(article.state_label, banner)
                self.assertIn(said[code], banner)
                for other in set(said.values()) - {said[code]}:
                    self.assertNotIn(other, banner)

    def test_the_change_form_offers_the_moves_of_the_users_role_from_the_state(self):
        buttons = {
            ("desk", "draft"): ["지금 게재", "예약 게재"],
            ("desk", "review"): ["지금 게재", "예약 게재"],
            ("desk", "scheduled"): ["지금 게재", "예약 게재", "예약 취소"],
            ("desk", "live"): ["게재 취소"],
            ("reporter", "draft"): ["승인 요청"],
            ("reporter", "review"): [],
        }
        users = {"desk": self.desk, "reporter": self.reporter_user}
        articles = self.articles_in_every_state()
        for (who, code), expected in buttons.items():
            with self.subTest(who=who, state=code):
                self.client.force_login(users[who])
                page = self.client.get(change_url(articles[code])).content.decode()
                offered = re.findall(r'<input type="submit" name="_\w+" value="([^"]+)"', page)
                self.assertEqual(offered, expected)
                self.assertEqual("기자에게 되돌리기" in page, who == "desk" and code != "live")

    def test_the_list_filters_by_each_state_and_badges_it_by_its_code(self):
        articles = self.articles_in_every_state()
        self.client.force_login(self.desk)
        url = reverse("admin:articles_article_changelist")
        for code, article in articles.items():
            with self.subTest(state=code):
                listing = self.client.get(url, {"state": code})
                self.assertEqual(list(listing.context["cl"].result_list), [article])
                self.assertContains(listing, f'class="state state-{code}">{article.state_label}')

    def test_every_move_in_the_table_is_a_service_and_a_bulk_action(self):
        model_admin = admin.site.get_model_admin(Article)
        request = RequestFactory().get("/")
        request.user = self.desk
        offered = model_admin.get_actions(request)
        for code, action in ACTIONS.items():
            with self.subTest(action=code):
                self.assertTrue(callable(getattr(services, f"article_{code}")))
                self.assertEqual(offered[f"{code}_selected"][2], action.bulk)
        request.user = self.reporter_user
        self.assertEqual(
            [name for name in model_admin.get_actions(request) if name != "delete_selected"],
            ["submit_selected"],
        )


class RevisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()

    def setUp(self):
        self.client.force_login(self.desk)

    def save_title(self, article, title):
        data = form_data(self.client.get(change_url(article)), "article_form")
        data["title"] = title
        return self.client.post(change_url(article), data)

    def test_every_save_keeps_a_revision_with_who_when_and_what(self):
        article = make_article(title="처음 제목")
        self.save_title(article, "고친 제목")
        latest = article.history.latest()
        self.assertEqual(latest.history_user, self.desk)
        self.assertEqual(latest.title, "고친 제목")
        page = self.client.get(reverse("admin:articles_article_history", args=[article.pk]))
        self.assertContains(page, "변경 기록")
        self.assertContains(page, "<strong>제목</strong>")
        self.assertContains(page, "<del>처음</del> <ins>고친</ins> 제목")  # in words
        self.assertContains(page, "editor")

    def test_restoring_brings_back_the_content_but_never_the_state(self):
        article = make_article(title="첫 판", body="<p>첫 본문</p>")
        first = article.history.earliest()
        self.save_title(article, "둘째 판")
        article.refresh_from_db()
        services.article_unpublish(article=article, by=self.desk)
        restore_url = f"{change_url(article)}?restore={first.history_id}"
        page = self.client.get(restore_url)
        self.assertContains(page, "저장된 판의 제목")
        data = form_data(page, "article_form")
        self.assertEqual(data["title"], "첫 판")
        self.client.post(restore_url, data)
        article.refresh_from_db()
        self.assertEqual(article.title, "첫 판")
        self.assertEqual(article.status, Article.Status.DRAFT)  # the old version was live
        self.assertIn("판으로 되돌림", article.history.latest().history_change_reason)

    def test_the_librarys_revert_page_leads_to_the_same_restore(self):
        article = make_article()
        record = article.history.latest()
        url = reverse("admin:articles_article_simple_history", args=[article.pk, record.pk])
        self.assertRedirects(self.client.get(url), f"{change_url(article)}?restore={record.pk}")

    def test_malformed_revision_numbers_lead_back_to_the_admin(self):
        article = make_article()
        history = reverse("admin:articles_article_history", args=[article.pk])
        for url in [
            f"{change_url(article)}?restore=%C2%B2",  # '²': isdigit() but not int()
            reverse("admin:articles_article_simple_history", args=[article.pk, "abc"]),
            reverse("admin:articles_article_history", args=["abc"]),
        ]:
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (200, 302))
        self.assertContains(self.client.get(history), "변경 기록")


class EditConflictTests(TestCase):
    """Two people open the same article; the second save must not silently win."""

    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.reporter_user, cls.reporter = make_reporter_user("reporter", name="김기자")

    def test_the_second_save_is_refused_and_names_who_saved_in_between(self):
        article = draft(reporter=self.reporter, title="원래 제목", body="<p>원래 본문</p>")
        reporter_browser, desk_browser = Client(), Client()
        reporter_browser.force_login(self.reporter_user)
        desk_browser.force_login(self.desk)
        mine = form_data(reporter_browser.get(change_url(article)), "article_form")
        theirs = form_data(desk_browser.get(change_url(article)), "article_form")

        mine["title"] = "기자가 고친 제목"
        self.assertEqual(reporter_browser.post(change_url(article), mine).status_code, 302)

        theirs["body"] = "<p>데스크가 고친 본문</p>"
        refused = desk_browser.post(change_url(article), theirs)
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "김기자(reporter)님이")
        self.assertContains(refused, "먼저 저장했습니다")
        self.assertContains(refused, reverse("articles:preview", args=[article.pk]))
        self.assertContains(refused, "데스크가 고친 본문")  # what they typed is still there
        article.refresh_from_db()
        self.assertEqual(article.title, "기자가 고친 제목")
        self.assertEqual(article.body, "<p>원래 본문</p>")

        # Having seen the message, the desk may save on purpose.
        again = form_data(refused, "article_form")
        self.assertEqual(desk_browser.post(change_url(article), again).status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.body, "<p>데스크가 고친 본문</p>")

    def test_a_save_with_no_one_in_between_goes_through(self):
        article = draft(reporter=self.reporter)
        self.client.force_login(self.reporter_user)
        data = form_data(self.client.get(change_url(article)), "article_form")
        data["title"] = "혼자 고친 제목"
        self.assertEqual(self.client.post(change_url(article), data).status_code, 302)
        data = form_data(self.client.get(change_url(article)), "article_form")
        data["title"] = "또 고친 제목"
        self.assertEqual(self.client.post(change_url(article), data).status_code, 302)

    def test_a_garbled_version_number_is_not_a_server_error(self):
        article = draft(reporter=self.reporter)
        self.client.force_login(self.reporter_user)
        data = form_data(self.client.get(change_url(article)), "article_form")
        data.update(title="고친 제목", edit_token="²")
        self.assertEqual(self.client.post(change_url(article), data).status_code, 302)


class PreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.reporter_user, cls.reporter = make_reporter_user("reporter")
        cls.other_user, _ = make_reporter_user("other_reporter")
        cls.article = draft(reporter=cls.reporter, title="아직 쓰는 기사")

    def preview(self, user=None, article=None):
        client = Client()
        if user:
            client.force_login(user)
        return client.get(reverse("articles:preview", args=[(article or self.article).pk]))

    def test_the_reporter_and_the_desk_see_it_as_readers_will_under_a_banner(self):
        for user in (self.reporter_user, self.desk):
            with self.subTest(user=user.username):
                response = self.preview(user)
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, "articles/article_detail.html")
                html = response.content.decode()
                self.assertIn('class="preview-banner"', html)
                self.assertIn("미리보기", html)
                self.assertLess(
                    html.index('class="preview-banner"'), html.index("아직 쓰는 기사</h1>")
                )
                self.assertIn("no-store", response["Cache-Control"])
                self.assertIn("noindex", response["X-Robots-Tag"])

    def test_anyone_else_gets_a_404(self):
        self.assertEqual(self.preview().status_code, 404)
        self.assertEqual(self.preview(self.other_user).status_code, 404)

    def test_the_admin_page_links_to_the_preview(self):
        self.client.force_login(self.reporter_user)
        page = self.client.get(change_url(self.article))
        self.assertContains(page, reverse("articles:preview", args=[self.article.pk]))

    def test_the_reader_page_has_no_banner(self):
        live = make_article()
        self.assertNotContains(self.client.get(live.get_absolute_url()), 'class="preview-banner"')


class ShareLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.article = make_article(
            title="엠바고 기사", publish_at=timezone.now() + timedelta(days=2)
        )

    def make_link(self, duration="1h"):
        self.client.force_login(self.desk)
        url = reverse("admin:articles_article_share", args=[self.article.pk])
        response = self.client.post(url, {"duration": duration})
        self.client.logout()
        return response.context["link"]

    def test_a_share_link_opens_the_embargoed_article_until_it_expires(self):
        link = self.make_link("1h")
        response = Client().get(link)
        self.assertContains(response, "엠바고 기사")
        self.assertContains(response, "공유 링크")
        self.assertIn("noindex", response["X-Robots-Tag"])
        self.assertIn("no-store", response["Cache-Control"])
        with time_machine.travel(timezone.now() + timedelta(minutes=61)):
            self.assertEqual(Client().get(link).status_code, 404)

    def test_a_forged_or_borrowed_token_opens_nothing(self):
        link = self.make_link()
        token = link.rstrip("/").rsplit("/", 1)[1]
        other = make_article(publish_at=timezone.now() + timedelta(days=1))
        forged = link.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
        borrowed = reverse("articles:share", args=[other.pk, token])
        self.assertEqual(Client().get(forged).status_code, 404)
        self.assertEqual(Client().get(borrowed).status_code, 404)

    def test_taking_the_article_down_ends_its_links(self):
        link = self.make_link()
        services.article_unpublish(article=self.article, by=self.desk)
        self.assertEqual(Client().get(link).status_code, 404)

    def test_only_the_desk_makes_links(self):
        user, reporter = make_reporter_user()
        mine = draft(reporter=reporter)
        self.client.force_login(user)
        url = reverse("admin:articles_article_share", args=[mine.pk])
        self.assertEqual(self.client.post(url, {"duration": "1h"}).status_code, 403)

    def test_tokens_carry_their_expiry(self):
        expires = timezone.now() + timedelta(hours=6)
        grant = read_share_token(share_token(article=self.article, expires_at=expires))
        self.assertEqual(grant.article_id, self.article.pk)
        self.assertEqual(int(grant.expires_at.timestamp()), int(expires.timestamp()))
        self.assertIsNone(read_share_token("garbage"))


@pytest.mark.media  # on the disk, and on object storage (tests/media.py)
class UploadBrowserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor()
        cls.mine, _ = make_reporter_user("reporter")
        cls.theirs, _ = make_reporter_user("other_reporter")

    def setUp(self):
        for user, name in ((self.mine, "my-photo.jpg"), (self.theirs, "their-photo.jpg")):
            default_storage.save(f"uploads/{user.pk}/2026/03/02/{name}", ContentFile(b"x"))

    def browse(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("ckeditor_browse")).content.decode()

    def test_a_reporter_browses_only_their_own_uploads(self):
        html = self.browse(self.mine)
        self.assertIn("my-photo", html)
        self.assertNotIn("their-photo", html)

    def test_the_desk_browses_everyones_uploads(self):
        html = self.browse(self.desk)
        self.assertIn("my-photo", html)
        self.assertIn("their-photo", html)

    def test_uploads_land_in_the_uploaders_own_folder(self):
        self.client.force_login(self.mine)
        response = self.client.post(reverse("ckeditor_upload"), {"upload": make_photo("new.jpg")})
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/uploads/{self.mine.pk}/", response.json()["url"])


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize("kind", ["preview", "share"])
def test_preview_pages_have_a_fixed_query_budget(client, django_assert_num_queries, count, kind):
    SiteSettings.load()
    section, reporter = make_section(), make_reporter()
    for _ in range(count):
        make_article(section=section, reporter=reporter)
    article = make_article(
        section=section, reporter=reporter, publish_at=timezone.now() + timedelta(days=1)
    )
    if kind == "preview":
        client.force_login(make_editor())
        url = reverse("articles:preview", args=[article.pk])
    else:
        token = share_token(article=article, expires_at=timezone.now() + timedelta(hours=1))
        url = reverse("articles:share", args=[article.pk, token])
    with django_assert_num_queries(PREVIEW_BUDGETS[kind]):
        response = client.get(url)
    assert response.status_code == 200


class DemoAccountsTests(TestCase):
    """seed_demo's desk and reporter accounts work the workflow from the first login."""

    def test_the_demo_reporter_finds_a_returned_draft_and_one_in_review(self):
        from io import StringIO

        from django.core.management import call_command

        call_command("seed_demo", stdout=StringIO())
        reporter = Client()
        reporter.force_login(get_user_model().objects.get(username="reporter"))
        listing = reporter.get(reverse("admin:articles_article_changelist")).content.decode()
        self.assertIn('class="state state-draft"', listing)
        self.assertIn('class="state state-review"', listing)
        returned = Article.objects.get(reporter__user__username="reporter", status="draft")
        self.assertContains(reporter.get(change_url(returned)), "데스크 메모")
        desk = Client()
        desk.force_login(get_user_model().objects.get(username="desk"))
        scheduled = desk.get(reverse("admin:articles_article_changelist"), {"state": "scheduled"})
        self.assertContains(scheduled, 'class="state state-scheduled"')
        waiting = Article.objects.get(status="review")
        self.assertContains(desk.get(change_url(waiting)), 'name="_publish"')
