"""The admin's start page in a real browser at 1280×800: the desk's morning (the queue, today's
and tomorrow's schedule) and a reporter's (the article the desk returned, with its note)."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from articles import services
from articles.models import Article, DailyViews
from tests.e2e import test_newsroom
from tests.e2e.test_newsroom import log_in
from tests.factories import make_article, make_editor, make_reporter_user, make_section
from weather.models import FetchRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

admin_problems = test_newsroom.admin_problems  # the fixture, shared with the newsroom's tests
DESK_VIEW = {"width": 1280, "height": 800}


def today_at(hour, minute=0, days=0):
    """A moment of today (or a day around it), Seoul time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def morning(newsroom_roles):
    """A newsroom at ten in the morning: four articles waiting for the desk, a day and a half
    of schedule, what went out overnight, readers' views and the weather fetch."""
    clock = time_machine.travel(today_at(10), tick=True)
    clock.start()
    desk = make_editor("desk")
    sections = {
        name: make_section(name=name, slug=slug)
        for name, slug in [("행정", "admin"), ("사회", "society"), ("경제", "economy"),
                           ("문화", "culture"), ("오피니언", "opinion")]
    }  # fmt: skip
    names = {"kim": "김서연", "lee": "이준호", "park": "박민지", "choi": "최현우"}
    users = {username: make_reporter_user(username, name=name) for username, name in names.items()}

    def write(title, username, section, when, **fields):
        with time_machine.travel(when, tick=False):
            return make_article(
                title=title, reporter=users[username][1], section=sections[section], **fields
            )

    def submit(title, username, section, when):
        article = write(title, username, section, when - timedelta(minutes=40),
                        status=Article.Status.DRAFT, publish_at=None)  # fmt: skip
        with time_machine.travel(when, tick=False):
            return services.article_submit(article=article, by=users[username][0])

    queue = [
        submit("영등포구, 내년 예산 1조 돌파…복지 비중 역대 최대", "kim", "행정", today_at(6, 40)),
        submit("당산역 환승 통로 공사, 내년 3월까지 연장", "lee", "사회", today_at(8, 15)),
        submit("여의도 한강공원 겨울 축제 20일 개막", "park", "문화", today_at(9, 10)),
        submit("대림동 전통시장 화재 안전 점검 결과 발표", "choi", "사회", today_at(9, 45)),
    ]
    for title, username, section, when in [
        ("구의회 정례회 폐회…조례안 12건 의결", "kim", "행정", today_at(11)),
        ("문래동 예술촌 창작 공간 시민에 개방", "park", "문화", today_at(14, 30)),
        ("[사설] 청년 주거 대책, 더 미룰 수 없다", "choi", "오피니언", today_at(17)),
        ("신길뉴타운 입주 앞두고 학교 배정 논란", "lee", "사회", today_at(9, days=1)),
        ("구청장 신년 인터뷰 “생활 행정 챙기겠다”", "kim", "행정", today_at(10, 30, days=1)),
    ]:
        write(title, username, section, today_at(8), status=Article.Status.PUBLISHED,
              publish_at=when)  # fmt: skip
    live = [
        write(
            "영등포구, 한파 쉼터 120곳 운영",
            "lee",
            "사회",
            today_at(7, 30),
            publish_at=today_at(7, 30),
        ),  # fmt: skip
        write(
            "양평동 공영주차장 착공…2년 뒤 300면",
            "choi",
            "경제",
            today_at(8),
            publish_at=today_at(8),
        ),  # fmt: skip
        write(
            "여의도 직장인 점심값 한 끼 1만2천원",
            "park",
            "경제",
            today_at(6),
            publish_at=today_at(6),
        ),  # fmt: skip
        write(
            "문래동 철공소 골목, 청년 공방 거리로",
            "kim",
            "문화",
            today_at(23, 10, days=-1),
            publish_at=today_at(23, 10, days=-1),
        ),  # fmt: skip
    ]
    with time_machine.travel(today_at(9, 20), tick=False):
        live[0].body = "<p>영등포구가 한파 쉼터 120곳을 운영한다. 운영 시간을 바로잡았다.</p>"
        live[0].save()
    for article, views in zip(live, [1834, 962, 1210, 407], strict=True):
        DailyViews.objects.create(article=article, day=timezone.localdate(), views=views)

    kim_user, kim = users["kim"]
    returned = write("영등포구 복지관 세 곳 새로 연다", "kim", "행정", today_at(7),
                     status=Article.Status.REVIEW, publish_at=None)  # fmt: skip
    with time_machine.travel(today_at(9, 30), tick=False):
        services.article_return(
            article=returned,
            message="3문단의 개관 날짜가 보도자료와 다릅니다. 복지정책과에 다시 확인해 주세요.\n"
            "제목은 30자 안쪽으로 줄여 주세요.",
            by=desk,
        )
    write("안양천 둘레길 조명 공사 주민 설명회", "kim", "행정", today_at(8, 50),
          status=Article.Status.DRAFT, publish_at=None)  # fmt: skip
    write("[기획] 영등포 골목상권 1년", "kim", "경제", today_at(9, 40, days=-1),
          status=Article.Status.DRAFT, publish_at=None)  # fmt: skip

    FetchRun.objects.create(started_at=today_at(9, 50), outcome=FetchRun.Outcome.OK, stored=16)
    yield {"desk": desk, "kim": kim_user, "queue": queue, "returned": returned}
    clock.stop()


def test_the_desk_starts_the_day_with_the_queue_and_todays_schedule(
    live_server, page, admin_problems, morning, screenshot
):
    page.set_viewport_size(DESK_VIEW)
    log_in(page, live_server, morning["desk"])

    queue = page.locator(".start-queue")
    expect(queue.locator("h2")).to_have_text("승인대기 4건 오래 기다린 순")
    items = queue.locator("li")
    expect(items).to_have_count(4)
    expect(items.first).to_contain_text("3시간 전")
    expect(items.first).to_contain_text("영등포구, 내년 예산 1조 돌파")
    expect(items.first).to_contain_text("김서연 · 행정 · 06:40 요청")
    expect(items.last).to_contain_text("대림동 전통시장")

    schedule = page.locator(".start-schedule")
    today, tomorrow = schedule.locator(".start-day").all()
    expect(today.locator("h3")).to_contain_text("오늘")
    expect(today.locator("time")).to_have_text(["11:00", "14:30", "17:00"])
    expect(tomorrow.locator("h3")).to_contain_text("내일")
    expect(tomorrow.locator("time")).to_have_text(["09:00", "10:30"])

    recent = page.locator(".start-recent")
    expect(recent.locator("li").first).to_contain_text("영등포구, 한파 쉼터 120곳 운영")
    expect(recent.locator("li").first).to_contain_text("수정 09:20")
    expect(page.locator(".start-most-read li").first).to_contain_text("1,834회")
    expect(page.locator(".start-weather")).to_contain_text("성공 · 16개 지점 저장")

    screenshot(page, "admin-start-desk")
    # The queue and today's schedule are on the first screen, without scrolling sideways;
    # the app list follows below.
    for seen in [queue, today, page.locator(".start-most-read"), page.locator(".start-weather")]:
        box = seen.bounding_box()
        assert box["y"] + box["height"] <= DESK_VIEW["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= DESK_VIEW["width"]
    expect(page.locator(".start-apps tr.model-article")).to_be_visible()

    items.first.get_by_role("link").click()
    expect(page.locator("#id_title")).to_have_value(morning["queue"][0].title)
    assert admin_problems() == []


def test_a_reporter_starts_with_the_article_the_desk_returned(
    live_server, page, admin_problems, morning, screenshot
):
    page.set_viewport_size(DESK_VIEW)
    log_in(page, live_server, morning["kim"])

    returned = page.locator(".start-returned")
    expect(returned.locator("h2")).to_have_text("데스크가 되돌린 기사 1건")
    expect(returned.locator("li")).to_have_count(1)
    expect(returned).to_contain_text("영등포구 복지관 세 곳 새로 연다")
    expect(returned.locator(".start-note")).to_contain_text("복지정책과에 다시 확인해 주세요.")
    expect(page.locator(".start-draft li")).to_have_count(2)
    expect(page.locator(".start-review")).to_contain_text("영등포구, 내년 예산 1조 돌파")
    expect(page.locator(".start-scheduled li")).to_have_count(2)
    expect(page.locator(".start-live")).to_contain_text("문래동 철공소 골목")
    expect(page.locator(".start-queue")).to_have_count(0)
    expect(page.get_by_role("link", name="새 기사 쓰기")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESK_VIEW["width"]
    screenshot(page, "admin-start-reporter")

    returned.get_by_role("link", name="영등포구 복지관 세 곳 새로 연다").click()
    expect(page.locator(".desk-note")).to_contain_text("복지정책과에 다시 확인해 주세요.")
    assert admin_problems() == []
