"""Revisions and presence in Chromium at 1280 px: two people with the same article open see
each other's "○○○ 님이 편집 중"; the revision page shows what changed in words, with one
restore button a line per older revision (docs/admin-history.png)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e import test_newsroom
from tests.e2e.axe import axe_violations, describe
from tests.e2e.test_newsroom import log_in
from tests.factories import (
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_reporter_user,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

admin_problems = test_newsroom.admin_problems  # the fixture: failed requests, script errors
# Screenshots go with the test results; the ones in docs/ are copied there after a look.
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
WIDE = {"width": 1280, "height": 800}


def test_two_people_with_the_article_open_see_each_other(
    live_server, new_context, newsroom_roles, screenshot
):
    desk = make_editor("choi")
    user, reporter = make_reporter_user("reporter", name="이천용")
    make_reporter(user=desk, name="최명수", title="부장")
    article = make_article(
        title="영등포구, 겨울 축제 연다", reporter=reporter, status=Article.Status.DRAFT
    )
    change = live_server.url + reverse("admin:articles_article_change", args=[article.pk])

    first = new_context(viewport=WIDE).new_page()
    first.clock.install()  # its next heartbeat comes when the test says
    log_in(first, live_server, user)
    first.goto(change)
    notice = first.locator(".presence")
    expect(notice).to_have_attribute("aria-live", "polite")
    expect(notice).to_be_empty()  # alone so far

    second = new_context(viewport=WIDE).new_page()
    log_in(second, live_server, desk)
    second.goto(change)
    # The second sees the first at once; the first sees the second at its next heartbeat.
    expect(second.locator(".presence")).to_have_text("이천용(reporter) 님이 편집 중")
    first.clock.run_for(31_000)
    expect(notice).to_have_text("최명수(choi) 님이 편집 중")
    expect(notice).to_be_visible()
    screenshot(first, "history-presence-notice")

    # The second closes the form: the first sees it at its next heartbeat.
    second.close()
    first.clock.run_for(31_000)
    expect(notice).to_be_empty()


def test_the_revision_page_at_1280_px(
    live_server, page, admin_problems, newsroom_roles, screenshot
):
    page.set_viewport_size(WIDE)
    desk = make_editor("choi")
    make_reporter(user=desk, name="최명수", title="부장")
    user, reporter = make_reporter_user("reporter", name="이천용")
    body = (
        "<p>영등포구청은 1일 여의도 한강공원에서 겨울 축제를 연다고 밝혔다. 축제에는 눈썰매장과 "
        "얼음 조각 전시, 먹거리 장터가 마련된다.</p><p>축제는 오는 20일까지 이어지며 누구나 "
        "무료로 참여할 수 있다. 자세한 내용은 구청 누리집에서 볼 수 있다.</p>"
    )
    article = make_article(
        title="영등포구, 여의도에서 겨울 축제 연다",
        body=body,
        reporter=reporter,
        status=Article.Status.DRAFT,
        publish_at=None,
        photo_caption="지난해 겨울 축제에서 눈썰매를 타는 어린이들. 영등포구 제공",
    )
    article.photo.save("first.jpg", ContentFile(make_photo(color=(40, 90, 160)).read()))
    edits = [
        {"body": body.replace("20일까지", "25일까지")},
        {"photo_caption": article.photo_caption.replace("지난해", "2025년")},
        {"title": "영등포구, 여의도 한강공원에서 겨울 축제 연다", "status": Article.Status.REVIEW},
    ]
    for by, fields in zip([user, desk, desk], edits, strict=True):
        for name, value in fields.items():
            setattr(article, name, value)
        article._history_user = by  # django-simple-history: who made this revision
        article._change_reason = "제목 다듬음" if "title" in fields else None
        article.save()
    article._change_reason = None
    article.photo.save("second.jpg", ContentFile(make_photo(color=(200, 120, 40)).read()))

    log_in(page, live_server, desk)
    page.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
    rows = page.locator(".article-history tbody tr")
    expect(rows).to_have_count(6)  # made, photo, body, caption, title+state, photo
    expect(rows.nth(3).locator(".word-diff del")).to_have_text("20일까지")
    expect(rows.nth(3).locator(".word-diff ins")).to_have_text("25일까지")
    expect(rows.nth(2).locator(".word-diff ins")).to_have_text("2025년")
    expect(rows.nth(0).locator(".photo-change img")).to_have_count(2)
    buttons = page.get_by_role("link", name="이 판으로 되돌리기")
    expect(buttons).to_have_count(5)  # every revision but the latest
    for index in range(5):
        box = buttons.nth(index).bounding_box()
        assert box["height"] < 40, box  # one line, never a character a line
        assert box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.screenshot(path=SHOTS / "admin-history.png", full_page=True)

    buttons.last.click()
    expect(page.get_by_label("제목:")).to_have_value("영등포구, 여의도에서 겨울 축제 연다")
