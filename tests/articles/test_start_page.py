"""The admin's start page: the desk's queue, schedule, recent, most read and weather fetch; a
reporter's own articles, returned ones with the desk's note first; a fixed query count."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.admin.start import start_page
from articles.models import Article, DailyViews, SiteSettings
from tests.factories import (
    make_article,
    make_editor,
    make_reporter,
    make_reporter_user,
    make_section,
    make_user,
)
from weather.models import FetchRun

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)  # a Tuesday morning


def at(hour, minute=0, days=0):
    return NOW.replace(hour=hour, minute=minute) + timedelta(days=days)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft(**fields):
    return make_article(status=Article.Status.DRAFT, publish_at=None, **fields)


def text(html):
    """What a person reads: the tags gone, the spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def panel(response, name):
    """The HTML of one panel of the page, by its heading's id (start-queue, start-returned…)."""
    html = response.content.decode()
    start = html.rindex("<section", 0, html.index(f'id="{name}"'))
    return html[start : html.index("</section>", start)]


@time_machine.travel(NOW, tick=False)
class DeskStartPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.section = make_section(name="행정")
        cls.kim_user, cls.kim = make_reporter_user("kim", name="김서연")
        cls.lee_user, cls.lee = make_reporter_user("lee", name="이준호")

    def setUp(self):
        self.client.force_login(self.desk)

    def submitted(self, title, reporter, user, when):
        with time_machine.travel(when, tick=False):
            article = draft(title=title, reporter=reporter, section=self.section)
            return services.article_submit(article=article, by=user)

    def start(self):
        return self.client.get(reverse("admin:index"))

    def test_the_queue_lists_review_oldest_first_with_age_and_reporter(self):
        self.submitted("구청 예산안 통과", self.kim, self.kim_user, at(7))
        self.submitted("당산역 환승 통로", self.lee, self.lee_user, at(9, 30))
        self.submitted("여의도 벚꽃 축제", self.kim, self.kim_user, at(8))
        draft(title="아직 쓰는 기사", reporter=self.kim)

        queue = text(panel(self.start(), "start-queue"))

        self.assertIn("승인대기 3건", queue)
        self.assertRegex(
            queue,
            "3시간 전 구청 예산안 통과 김서연 · 행정 · 07:00 요청 "
            "2시간 전 여의도 벚꽃 축제 김서연 .* "
            "30분 전 당산역 환승 통로 이준호",
        )
        self.assertNotIn("아직 쓰는 기사", queue)

    def test_the_queue_age_counts_from_the_request_not_from_later_edits(self):
        article = self.submitted("구청 예산안 통과", self.kim, self.kim_user, at(6))
        with time_machine.travel(at(9, 50), tick=False):
            article.subtitle = "데스크가 손본 부제"
            article.save()

        queue = text(panel(self.start(), "start-queue"))

        self.assertIn("4시간 전 구청 예산안 통과", queue)

    def test_a_returned_and_resubmitted_article_waits_from_its_new_request(self):
        article = self.submitted("구청 예산안 통과", self.kim, self.kim_user, at(6))
        with time_machine.travel(at(7), tick=False):
            services.article_return(article=article, message="출처를 밝혀 주세요.", by=self.desk)
        self.submitted_again(article, at(9))

        self.assertIn("1시간 전 구청 예산안 통과", text(panel(self.start(), "start-queue")))

    def submitted_again(self, article, when):
        with time_machine.travel(when, tick=False):
            article.refresh_from_db()
            services.article_submit(article=article, by=self.kim_user)

    def test_the_schedule_shows_today_and_tomorrow_in_order_of_time(self):
        make_article(title="내일 아침 기사", publish_at=at(7, 30, days=1), reporter=self.lee)
        make_article(title="오늘 오후 기사", publish_at=at(14, 30), reporter=self.kim)
        make_article(title="오늘 점심 기사", publish_at=at(12), reporter=self.lee)
        make_article(title="모레 기사", publish_at=at(9, days=2))
        make_article(title="이미 나간 기사", publish_at=at(9))

        schedule = text(panel(self.start(), "start-schedule"))

        self.assertIn("예약 오늘·내일 3건", schedule)
        self.assertRegex(
            schedule,
            r"오늘 2026\.12\.01 \(화\) 12:00 오늘 점심 기사 이준호 · .* · 2시간 뒤 "
            r"14:30 오늘 오후 기사 김서연 .* "
            r"내일 2026\.12\.02 \(수\) 07:30 내일 아침 기사 이준호",
        )
        self.assertNotIn("모레 기사", schedule)
        self.assertNotIn("이미 나간 기사", schedule)

    def test_an_empty_day_says_so(self):
        make_article(title="내일 아침 기사", publish_at=at(7, 30, days=1))

        schedule = text(panel(self.start(), "start-schedule"))

        self.assertRegex(schedule, r"오늘 2026\.12\.01 \(화\) 예약된 기사가 없습니다\. 내일")

    def test_recent_lists_what_went_live_or_was_revised_with_its_revision_mark(self):
        with time_machine.travel(at(7), tick=False):
            revised = make_article(title="고친 기사", publish_at=at(7))
        with time_machine.travel(at(9, 15), tick=False):
            revised.body = "<p>고친 본문</p>"
            revised.save()
        make_article(title="새로 나간 기사", publish_at=at(8))
        with time_machine.travel(at(9, days=-3), tick=False):
            old = make_article(title="사흘 전 기사", publish_at=at(9, days=-3))
        with time_machine.travel(at(9, 40), tick=False):
            old.title = "사흘 전 기사, 오늘 고침"
            old.save()
        make_article(title="어제 나간 기사", publish_at=at(9, days=-1))
        make_article(title="예약 기사", publish_at=at(15))

        recent = text(panel(self.start(), "start-recent"))

        self.assertIn("게재중 최근 12시간 3건", recent)
        self.assertRegex(
            recent,
            r"11\.28 09:00 사흘 전 기사, 오늘 고침 수정 09:40 .* "
            r"07:00 고친 기사 수정 09:15 .* 08:00 새로 나간 기사",
        )
        self.assertNotIn("새로 나간 기사 수정", recent)
        self.assertNotIn("어제 나간 기사", recent)
        self.assertNotIn("예약 기사", recent)

    def test_most_read_today_with_its_views(self):
        popular = make_article(title="많이 읽힌 기사")
        quiet = make_article(title="덜 읽힌 기사")
        DailyViews.objects.create(article=popular, day=NOW.date(), views=1234)
        DailyViews.objects.create(article=quiet, day=NOW.date(), views=56)

        most_read = text(panel(self.start(), "start-most-read"))

        self.assertRegex(most_read, "오늘 많이 본 기사 많이 읽힌 기사 1,234회 덜 읽힌 기사 56회")

    def test_the_weather_fetch_shows_its_last_run(self):
        FetchRun.objects.create(started_at=at(8), outcome=FetchRun.Outcome.OK, stored=15)
        FetchRun.objects.create(started_at=at(9, 50), outcome=FetchRun.Outcome.OK, stored=16)

        weather = text(panel(self.start(), "start-weather"))

        self.assertIn("마지막 수집 09:50 (10분 전) 성공 · 16개 지점 저장", weather)
        self.assertNotIn("수집하지 않았습니다", weather)

    def test_the_weather_fetch_shows_its_error(self):
        FetchRun.objects.create(
            started_at=at(9, 50),
            outcome=FetchRun.Outcome.AUTH,
            message="기상청이 인증키를 받지 않았습니다 (SERVICE_KEY_IS_NOT_REGISTERED_ERROR).",
        )

        weather = text(panel(self.start(), "start-weather"))

        self.assertIn("인증키 오류 기상청이 인증키를 받지 않았습니다", weather)

    def test_a_weather_fetch_that_stopped_is_flagged(self):
        FetchRun.objects.create(started_at=at(7), outcome=FetchRun.Outcome.OK, stored=16)

        weather = text(panel(self.start(), "start-weather"))

        self.assertIn("3시간 동안 수집하지 않았습니다", weather)

    def test_no_weather_fetch_yet(self):
        self.assertIn(
            "아직 날씨를 수집한 적이 없습니다", text(panel(self.start(), "start-weather"))
        )

    def test_each_item_opens_the_article(self):
        queued = self.submitted("승인 기다리는 기사", self.kim, self.kim_user, at(9))
        scheduled = make_article(title="예약 기사", publish_at=at(15))
        live = make_article(title="나간 기사", publish_at=at(9))
        DailyViews.objects.create(article=live, day=NOW.date(), views=3)

        response = self.start()

        for name, article in [
            ("start-queue", queued),
            ("start-schedule", scheduled),
            ("start-recent", live),
            ("start-most-read", live),
        ]:
            with self.subTest(panel=name):
                self.assertIn(f'href="{change_url(article)}"', panel(response, name))

    def test_the_new_article_button_and_the_app_list_are_at_hand(self):
        response = self.start()

        self.assertContains(response, f'href="{reverse("admin:articles_article_add")}"')
        self.assertContains(response, "새 기사 쓰기")
        apps = panel(response, "start-apps")
        self.assertIn(reverse("admin:weather_station_changelist"), apps)
        self.assertIn(reverse("admin:articles_section_changelist"), apps)

    def test_the_panels_link_to_the_article_list_by_state(self):
        self.submitted("승인 기다리는 기사", self.kim, self.kim_user, at(9))

        queue = panel(self.start(), "start-queue")

        self.assertIn(reverse("admin:articles_article_changelist") + "?state=review", queue)

    def test_the_queue_shows_ten_and_counts_the_rest(self):
        for hour in range(12):
            self.submitted(f"대기 기사 {hour}", self.kim, self.kim_user, at(hour))

        queue = text(panel(self.start(), "start-queue"))

        self.assertIn("승인대기 12건", queue)
        self.assertIn("대기 기사 9", queue)
        self.assertNotIn("대기 기사 10", queue)
        self.assertIn("외 2건 더 보기", queue)


@time_machine.travel(NOW, tick=False)
class ReporterStartPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = make_editor("desk")
        cls.user, cls.reporter = make_reporter_user("kim", name="김서연")
        cls.other_user, cls.other = make_reporter_user("lee", name="이준호")

    def setUp(self):
        self.client.force_login(self.user)

    def start(self):
        return self.client.get(reverse("admin:index"))

    def returned(self, title, reporter, note, when=NOW):
        with time_machine.travel(when, tick=False):
            article = draft(title=title, reporter=reporter)
            services.article_return(article=article, message=note, by=self.desk)
        return article

    def test_a_reporter_sees_articles_returned_to_them_with_the_desks_note(self):
        article = self.returned("구청 예산안", self.reporter, "숫자 출처를 밝혀 주세요.", at(8))
        self.returned("남의 기사", self.other, "다른 기자에게 남긴 말")
        draft(title="그냥 쓰는 기사", reporter=self.reporter)

        returned = panel(self.start(), "start-returned")

        self.assertIn(f'href="{change_url(article)}"', returned)
        self.assertRegex(
            text(returned),
            r"데스크가 되돌린 기사 1건 구청 예산안 .* 변경 08:00 \(2시간 전\) "
            "데스크 메모 숫자 출처를 밝혀 주세요.",
        )
        self.assertNotIn("남의 기사", returned)
        self.assertNotIn("그냥 쓰는 기사", returned)

    def test_a_reporter_sees_their_drafts_review_scheduled_and_live_articles(self):
        mine = {
            "start-draft": draft(title="내 초고", reporter=self.reporter),
            "start-review": make_article(
                title="내 승인대기",
                status=Article.Status.REVIEW,
                publish_at=None,
                reporter=self.reporter,
            ),
            "start-scheduled": make_article(
                title="내 예약", publish_at=at(15), reporter=self.reporter
            ),
            "start-live": make_article(title="내 게재", publish_at=at(9), reporter=self.reporter),
        }
        make_article(title="남의 게재", publish_at=at(9), reporter=self.other)
        draft(title="남의 초고", reporter=self.other)

        response = self.start()

        for name, article in mine.items():
            with self.subTest(panel=name):
                html = panel(response, name)
                self.assertIn(article.title, html)
                self.assertIn(f'href="{change_url(article)}"', html)
        self.assertNotContains(response, "남의")
        self.assertIn("게재 예정 15:00 (5시간 뒤)", text(panel(response, "start-scheduled")))

    def test_a_reporter_sees_no_desk_panels(self):
        self.returned("남의 기사", self.other, "메모")
        make_article(title="남의 예약", publish_at=at(15), reporter=self.other)

        response = self.start()

        for name in ["start-queue", "start-schedule", "start-weather", "start-most-read"]:
            self.assertNotContains(response, f'id="{name}"')
        self.assertContains(response, "새 기사 쓰기")
        self.assertContains(response, "김서연 기자")

    def test_nothing_returned_says_so(self):
        self.assertIn(
            "데스크가 고쳐 달라고 되돌린 기사가 없습니다",
            text(panel(self.start(), "start-returned")),
        )


class OtherStaffStartPageTests(TestCase):
    def test_staff_without_a_byline_get_the_app_list(self):
        self.client.force_login(make_user("archivist"))

        response = self.client.get(reverse("admin:index"))

        self.assertContains(response, 'id="start-apps"')
        self.assertNotContains(response, 'id="start-queue"')
        self.assertNotContains(response, "새 기사 쓰기")


# The page's own queries (articles/admin/start.py): the user's permissions (direct and by group),
# then for the desk the queue, the schedule and the recent list (each its rows and its count), the
# most-read ranking and the weather fetch's last run; for a reporter their byline, then the
# returned, draft, review, scheduled and live lists (each its rows and its count). The site
# settings, whose missing legal values the desk is warned of, come from the cache.
START_PAGE_QUERIES = {"desk": 2 + 8, "reporter": 2 + 1 + 10}


def a_newsroom(articles):
    """`articles` articles in every state, by two reporters, with views and a weather fetch."""
    desk = make_editor("desk")
    user, reporter = make_reporter_user("kim")
    add_articles(articles, desk, user, reporter)
    FetchRun.objects.create(outcome=FetchRun.Outcome.OK, stored=16)
    SiteSettings.load()  # the row exists on every real site, and is kept in the cache
    return {"desk": desk, "reporter": user}


def add_articles(count, desk, user, reporter):
    sections = [make_section() for _ in range(3)]
    reporters = [reporter, make_reporter()]
    kinds = ["live", "review", "returned", "scheduled", "draft", "revised"]
    for n in range(count):
        kind = kinds[n % len(kinds)]
        fields = {"reporter": reporters[n % 2], "section": sections[n % 3]}
        if kind in ("draft", "returned", "review"):
            article = draft(**fields)
            if kind == "returned":
                services.article_return(article=article, message="다시", by=desk)
            if kind == "review":
                owner = user if article.reporter == reporter else desk
                services.article_submit(article=article, by=owner)
        elif kind == "scheduled":
            make_article(publish_at=timezone.now() + timedelta(hours=n % 30 + 1), **fields)
        else:
            article = make_article(**fields)
            DailyViews.objects.create(article=article, day=timezone.localdate(), views=n)
            if kind == "revised":
                article.body = "<p>고친 본문</p>"
                article.save()


@pytest.mark.django_db
@pytest.mark.parametrize("articles", [3, 60])
@pytest.mark.parametrize("role", ["desk", "reporter"])
def test_the_start_page_reads_a_fixed_number_of_queries(
    rf, django_assert_num_queries, role, articles
):
    user = a_newsroom(articles)[role]
    request = rf.get(reverse("admin:index"))
    request.user = get_user_model().objects.get(pk=user.pk)  # permissions not yet read

    with django_assert_num_queries(START_PAGE_QUERIES[role]):
        start = start_page(request)

    assert start["role"] == role


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["desk", "reporter"])
def test_the_whole_start_page_costs_the_same_with_60_articles_as_with_3(client, role):
    people = a_newsroom(3)
    client.force_login(people[role])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("admin:index"))

    add_articles(57, people["desk"], people["reporter"], people["reporter"].reporter)
    cache.clear()  # the most-read ranking, kept from the first request
    SiteSettings.load()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("admin:index"))

    assert len(many) == len(few), [query["sql"] for query in many]
    assert response.content.count(b"start-item") > 20
