"""Banners in a browser: ads.js picks per reader by weight from the one stored page and counts
what it showed; the pop-up is a dialog that closes with Escape and stays away for the day when
asked; the side wing shows only on wide screens."""

import pytest
from django.urls import reverse

from ads.models import DailyStat
from tests.e2e.axe import axe_violations, describe
from tests.factories import make_article, make_banner

pytestmark = pytest.mark.django_db(transaction=True)
# A browser's own User-Agent: headless Chromium names itself, and is not counted as a reader.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0"


def reader(browser, *, random=None, width=1280, axe=False):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        user_agent=BROWSER,
        locale="ko-KR",
        bypass_csp=axe,  # axe is added to the page as a script; ours run under our policy
    )
    if random is not None:  # the reader's roll of the dice, fixed
        context.add_init_script(f"Math.random = () => {random};")
    return context


def shown(page):
    return page.eval_on_selector_all(
        ".ad-top .ad-item", "items => items.filter(i => !i.hidden).map(i => i.dataset.ad)"
    )


def test_each_reader_gets_a_banner_picked_by_weight_and_it_is_counted(live_server, browser):
    article = make_article()
    heavy = make_banner(weight=3, order=0)
    light = make_banner(weight=1, order=1)
    url = live_server.url + article.get_absolute_url()
    for random, expected in [(0.1, heavy), (0.8, light), (0.74, heavy)]:
        context = reader(browser, random=random)
        page = context.new_page()
        with page.expect_response(lambda r: r.url.endswith(reverse("ads:seen"))) as beacon:
            page.goto(url)
        assert beacon.value.status == 204
        assert shown(page) == [str(expected.pk)]
        context.close()
    counted = dict(DailyStat.objects.values_list("banner_id", "impressions"))
    # One reader address (the test's): each banner once, however often it was shown.
    assert counted == {heavy.pk: 1, light.pk: 1}


def test_the_page_stays_where_it_is_whichever_banner_is_picked(live_server, browser):
    # A place holds every banner it may show, the others hidden: the one picked takes the same
    # room as the first, so nothing under the place moves when ads.js picks (CLS 0).
    article = make_article()
    first, second = make_banner(order=0), make_banner(order=1)
    tops = {}
    for random, expected in [(0.1, first), (0.9, second)]:
        context = reader(browser, random=random, width=375)
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url())
        assert shown(page) == [str(expected.pk)]
        tops[expected.pk] = page.evaluate("document.getElementById('content').offsetTop")
        context.close()
    assert tops[first.pk] == tops[second.pk]


def test_without_script_the_first_banner_shows(live_server, browser):
    article = make_article()
    first, _ = make_banner(order=0), make_banner(order=1)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    assert shown(page) == [str(first.pk)]
    context.close()


def test_the_popup_is_a_dialog_that_closes_and_can_stay_away_for_the_day(live_server, browser):
    make_article()
    make_banner("popup", alt="새해 구독 신청 안내")
    context = reader(browser, width=1280, axe=True)
    page = context.new_page()
    home = live_server.url + reverse("articles:home")
    page.goto(home)
    dialog = page.locator("dialog.ad-dialog")
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    assert page.evaluate("document.activeElement.textContent") == "닫기"
    assert page.get_by_role("dialog", name="팝업 광고").get_by_alt_text("새해 구독 신청 안내")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    page.reload()
    assert dialog.evaluate("d => d.open")  # closed, not for the day: back on the next page
    page.get_by_role("button", name="오늘 하루 보지 않기").click()
    assert not dialog.evaluate("d => d.open")
    page.reload()
    assert not dialog.evaluate("d => d.open")
    context.close()
    # On a phone the pop-up place (PC only, as it starts) neither opens nor loads its picture.
    phone = reader(browser, width=375)
    page = phone.new_page()
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(home)
    page.wait_for_load_state("networkidle")
    assert not page.locator("dialog.ad-dialog").evaluate("d => d.open")
    assert not [url for url in loaded if "/media/ads/" in url]
    phone.close()


@pytest.mark.parametrize("width,wing", [(1280, False), (1440, True)])
def test_the_side_wing_shows_beside_the_content_on_wide_screens_only(
    live_server, browser, width, wing
):
    article = make_article()
    make_banner("wing", alt="기사 제보를 기다립니다")
    context = reader(browser, width=width)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    banner = page.get_by_alt_text("기사 제보를 기다립니다")
    assert banner.is_visible() is wing
    if wing:
        box, content = banner.bounding_box(), page.locator("main").bounding_box()
        assert box["x"] >= content["x"] + content["width"] - 16  # in the page's margin
        assert box["x"] + box["width"] <= width
    context.close()
