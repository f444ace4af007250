"""The 직원 screen in a browser: 관리자 adds a desk editor, who sets a password through the mailed
link and lands in the admin; the list as the desk reads it at 1280 px (docs/admin-staff.png)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from articles.staff import staff_remove
from tests.e2e.axe import axe_violations, describe
from tests.e2e.test_newsroom import log_in
from tests.factories import (
    make_article,
    make_editor,
    make_reporter,
    make_reporter_user,
    make_staff_admin,
)

# Screenshots go with the test results; the ones in docs/ are copied there after a look.
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def problems(page, watch_page):
    """Script errors, dialogs and failed requests (but the favicon) on the pages walked."""
    failed = []
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and failed.append(r.url),
    )
    loading = "Failed to load resource"
    return lambda: (
        [e for e in watch_page["errors"] if not e.startswith(loading)]
        + failed
        + watch_page["dialogs"]
    )


def newsroom_staff():
    chief = make_staff_admin("choi.ms")
    chief.email = "choi.ms@example.com"
    chief.save()
    make_reporter(user=chief, name="최명수", title="편집국장", email="choi.ms@example.com")
    lee, byline = make_reporter_user("lee.cy", name="이천용", email="lee.cy@example.com")
    lee.email = "lee.cy@example.com"
    lee.save()
    make_article(reporter=byline)
    gone, gone_byline = make_reporter_user("oh.jm", name="오지민", email="oh.jm@example.com")
    gone.email = "oh.jm@example.com"
    gone.save()
    make_article(reporter=gone_byline)
    staff_remove(staff=gone, by=chief)
    make_reporter(name="정하은", title="기자", email="jung.he@example.com")  # no login yet
    return chief


def test_an_admin_adds_a_desk_editor_who_sets_a_password_and_is_in(
    page, live_server, newsroom_roles, problems, screenshot, browser
):
    chief = newsroom_staff()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, chief)
    page.goto(live_server.url + reverse("admin:articles_staff_add"))
    expect(page.locator("h1")).to_have_text("직원 추가")
    page.get_by_label("아이디:").fill("park.sj")
    page.get_by_label("이메일:").fill("park.sj@example.com")
    page.get_by_label("역할:").select_option(label="데스크")
    page.get_by_label("바이라인 이름:").fill("박서진")
    page.get_by_label("직함:").fill("선임기자")
    screenshot(page, "staff-add")
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_role("button", name="저장", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("박서진(park.sj) 님에게 비밀번호를")
    row = page.locator("#result_list tr", has_text="park.sj")
    expect(row).to_contain_text("박서진 선임기자")
    expect(row).to_contain_text("데스크")
    expect(row).to_contain_text("초대 대기")
    expect(page.locator("#result_list tr", has_text="oh.jm")).to_contain_text("내보냄")
    page.screenshot(path=SHOTS / "admin-staff.png")
    screenshot(page, "staff-list")
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert problems() == []

    # The new editor, in a browser of their own, opens the mailed link.
    link = re.search(r"http://\S+/admin/password-set/\S+/", mail.outbox[-1].body).group(0)
    link = link.replace("http://testserver", live_server.url)
    theirs = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    newcomer = theirs.new_page()
    newcomer.set_viewport_size({"width": 1280, "height": 900})
    newcomer.goto(link)
    expect(newcomer.locator("h1")).to_have_text("비밀번호 정하기")
    newcomer.get_by_label("비밀번호:", exact=True).fill("Seojin-desk-2026")
    newcomer.get_by_label("비밀번호 확인:").fill("Seojin-desk-2026")
    screenshot(newcomer, "staff-password-set")
    assert axe_violations(newcomer) == [], describe(axe_violations(newcomer))
    newcomer.get_by_role("button", name="비밀번호 정하고 로그인").click()
    expect(newcomer.locator(".messagelist .success")).to_contain_text("비밀번호를 정했습니다")
    expect(newcomer.locator("#user-tools")).to_contain_text("park.sj")
    theirs.close()


def test_removing_someone_asks_first_and_says_what_stays(
    page, live_server, newsroom_roles, problems, screenshot
):
    chief = newsroom_staff()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, chief)
    page.goto(live_server.url + reverse("admin:articles_staff_changelist"))
    page.locator("#result_list a", has_text="lee.cy").click()
    screenshot(page, "staff-change")
    page.get_by_role("link", name="내보내기").click()
    expect(page.locator("#content-main")).to_contain_text("지난 기사 1건에 그대로 남고")
    screenshot(page, "staff-remove")
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_role("button", name="내보내기").click()
    expect(page.locator(".messagelist")).to_contain_text("이천용(lee.cy) 님을 내보냈습니다")
    expect(page.locator("#result_list tr", has_text="lee.cy")).to_contain_text("내보냄")
    assert problems() == []


def test_the_desk_adds_a_reporter_and_only_a_reporter(
    page, live_server, newsroom_roles, problems, screenshot
):
    newsroom_staff()
    desk = make_editor("park.sj")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, desk)
    page.goto(live_server.url + reverse("admin:articles_staff_add"))
    role = page.get_by_label("역할:")
    expect(role.locator("option")).to_have_text(["기자"])
    expect(page.locator(".field-role .help")).to_contain_text("데스크는 기자만 추가할 수 있습니다")
    page.get_by_label("아이디:").fill("jung.he")
    page.get_by_label("이메일:").fill("jung.he@example.com")
    page.get_by_label("바이라인:", exact=True).select_option(label="정하은 기자")
    screenshot(page, "staff-desk-add")
    page.get_by_role("button", name="저장", exact=True).click()
    row = page.locator("#result_list tr", has_text="jung.he")
    expect(row).to_contain_text("정하은 기자")
    expect(row).to_contain_text("초대 대기")
    page.locator("#result_list a", has_text="lee.cy").click()
    expect(page.locator(".field-role .readonly")).to_have_text("기자")
    expect(page.get_by_role("link", name="내보내기")).to_have_count(0)
    screenshot(page, "staff-desk-view")
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert problems() == []
