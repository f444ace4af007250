"""The front page in a real browser: the desk pins a lead on the 편집 screen and schedules the
edition a minute ahead; an anonymous reader sees the old top story until that minute and the new
one from it, with the page cache on and the server's clock moved (no sleeping)."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from frontpage.models import Edition
from frontpage.services import edition_seed_default
from tests.e2e import test_newsroom
from tests.e2e.test_newsroom import log_in, pick_autocomplete
from tests.factories import make_article, make_editor, make_photo, make_section

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

admin_problems = test_newsroom.admin_problems  # the fixture, shared with the newsroom's tests


def today_at(hour, minute=0, second=0):
    """A moment of today, Seoul time."""
    day = timezone.localdate()
    return timezone.make_aware(datetime.combine(day, time(hour, minute, second)))


@pytest.fixture
def morning_paper(newsroom_roles):
    """Ten in the morning, five seconds past the minute (so the next minute is a whole 55
    seconds away for the desk's form): a paper on the default layout, whose 톱 is the newest
    article with a photo, and an older story the desk will lead with."""
    clock = time_machine.travel(today_at(10, 0, 5), tick=True)
    coordinates = clock.start()
    section = make_section(name="행정", slug="admin")
    pick = make_article(
        section=section,
        title="안양천 범람 대비 주민 대피 훈련",
        photo=make_photo(),
        publish_at=timezone.now() - timedelta(hours=5),
    )
    for n in range(8):
        make_article(
            section=section,
            title=f"영등포구 소식 {n}번째",
            photo=make_photo() if n < 6 else None,
            publish_at=timezone.now() - timedelta(hours=4, minutes=-10 * n),
        )
    edition_seed_default()
    desk = make_editor("desk")
    yield {"pick": pick, "old_top": "영등포구 소식 5번째", "desk": desk, "clock": coordinates}
    clock.stop()


def top_story(reader, live_server):
    reader.goto(live_server.url + "/")
    return reader.locator(".top-story .top-title")


def test_desk_schedules_a_new_lead_and_readers_see_it_on_the_minute(
    live_server, page, new_context, admin_problems, morning_paper, screenshot
):
    pick, old_top = morning_paper["pick"], morning_paper["old_top"]
    reader = new_context().new_page()
    expect(top_story(reader, live_server)).to_have_text(old_top)  # and now in the page cache

    log_in(page, live_server, morning_paper["desk"])
    page.goto(live_server.url + "/admin/frontpage/edition/add/")
    expect(page.locator("h1")).to_have_text("1면 편집판 추가")
    page.get_by_label("이름:").fill("오전 10시 판")
    first_row = page.locator(".inline-group tr.form-row").first
    expect(first_row.locator(".field-area select")).to_have_value("top")
    pick_autocomplete(page, first_row.locator(".field-article"), "범람", pick.title)
    expect(first_row.get_by_role("combobox", name="고정 기사")).to_contain_text(pick.title)

    publish_at = (timezone.localtime() + timedelta(minutes=1)).replace(second=0, microsecond=0)
    page.get_by_label("게재 날짜", exact=True).fill(f"{publish_at:%Y-%m-%d}")
    page.get_by_label("게재 시각", exact=True).fill(f"{publish_at:%H:%M}:00")
    page.get_by_role("button", name="저장하고 예약 게재").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"‘오전 10시 판 ({publish_at:%Y.%m.%d %H:%M})’을 {publish_at:%Y.%m.%d %H:%M}에 "
        "게재하도록 예약했습니다."
    )
    assert admin_problems() == []
    edition = Edition.objects.get(title="오전 10시 판")
    assert edition.is_scheduled and edition.publish_at == publish_at

    # live_server runs in this process, whose clock time_machine moves (the page cache's too);
    # a fresh browser context each time, so its own HTTP cache does not answer for the server.
    assert timezone.now() < publish_at, "the reader's look must come before the minute"
    reader = new_context().new_page()
    expect(top_story(reader, live_server)).to_have_text(old_top)

    morning_paper["clock"].move_to(publish_at + timedelta(seconds=1))
    reader = new_context().new_page()
    expect(top_story(reader, live_server)).to_have_text(pick.title)
    expect(reader.locator(".main-column").get_by_role("link", name=pick.title)).to_have_count(1)
    screenshot(reader, "frontpage-scheduled-lead-live")
