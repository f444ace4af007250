"""The article list as the desk and a reporter see it all day, on a 1280 px desktop and a
1366 px laptop: no sideways scrolling, the headline with at least 40% of the table, the queue
on top, and no axe-core violation at WCAG 2.2 AA."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.axe import axe_violations, describe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

LIST = reverse("admin:articles_article_changelist")
SCREENS = [(1280, 800), (1366, 768)]

MEASURE = """() => {
  const table = document.querySelector('#result_list');
  const results = document.querySelector('#changelist-form .results');
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    results: results.scrollWidth,
    resultsBox: results.clientWidth,
    table: table.getBoundingClientRect().width,
    headline: table.querySelector('thead th.column-title').getBoundingClientRect().width,
  };
}"""


@pytest.fixture
def demo(newsroom_roles):
    """The demo newsroom (make run's content): 45 articles, one of them 승인대기 and one 예약,
    and the accounts desk (데스크) and reporter (기자), whose password is set here."""
    call_command("seed_demo", stdout=StringIO())
    for user in get_user_model().objects.filter(username__in=["desk", "reporter"]):
        user.set_password("pw-" + user.username)
        user.save()


def open_list(page, live_server, username, query=""):
    page.goto(f"{live_server.url}/admin/login/?next={LIST}{query}")
    page.get_by_label("사용자 이름:").fill(username)
    page.get_by_label("비밀번호:").fill("pw-" + username)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("#result_list")).to_be_visible()


def assert_fits(page):
    size = page.evaluate(MEASURE)
    assert size["page"] <= size["window"], size  # no sideways scrolling of the page
    assert size["results"] <= size["resultsBox"], size  # nor of the table inside it
    assert size["headline"] >= 0.4 * size["table"], size
    return size


def test_the_desk_list_fits_the_screen_and_opens_with_the_queue(
    live_server, page, demo, screenshot
):
    open_list(page, live_server, "desk")
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)
        screenshot(page, f"admin-list-desk-{width}")
    states = page.locator("#result_list tbody .field-state_badge .state")
    expect(states.nth(0)).to_contain_text("승인대기")
    expect(states.nth(1)).to_contain_text("예약")
    expect(page.locator("h1")).to_have_text("기사")

    # Sorted by two columns (their headings take the sort buttons) and filtered: still fits.
    page.get_by_role("link", name="상태", exact=True).click()
    page.get_by_role("link", name="전체 조회").click()
    page.locator("#changelist-filter").get_by_role("link", name="게재중").click()
    expect(page.locator("#result_list thead th.sorted")).to_have_count(2)
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)


def test_a_reporters_list_fits_the_screen(live_server, page, demo, screenshot):
    open_list(page, live_server, "reporter")
    expect(page.locator("h1")).to_have_text("내 기사")
    expect(page.locator("#result_list thead th.column-reporter_name")).to_have_count(0)
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)
        screenshot(page, f"admin-list-reporter-{width}")


@pytest.mark.parametrize("username", ["desk", "reporter"])
def test_the_list_has_no_accessibility_violations(live_server, page, demo, username):
    """axe-core at WCAG 2.2 AA, in the light and the dark theme: the list as it opens, and
    sorted, searched and filtered (sort buttons, the result count and a chosen filter)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_list(page, live_server, username)
    sorted_searched_filtered = f"{live_server.url}{LIST}?o=2.-6&q=구&state=live"
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{live_server.url}{LIST}")
        violations = axe_violations(page)
        assert violations == [], f"{scheme}:\n{describe(violations)}"
        page.goto(sorted_searched_filtered)
        expect(page.locator("#result_list thead th.sorted")).to_have_count(2)
        violations = axe_violations(page)
        assert violations == [], f"{scheme}, sorted:\n{describe(violations)}"


def test_breadcrumb_links_stand_out_from_their_text(live_server, page, demo):
    """On every admin page (templates/admin/base_site.html loads static/css/admin.css): Django's
    white links among light blue-grey text differ by colour alone, at 1.42:1."""
    open_list(page, live_server, "reporter")
    page.goto(live_server.url + reverse("admin:password_change"))
    expect(page.locator("div.breadcrumbs a").first).to_have_css("text-decoration-line", "underline")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
