"""A reader in a real browser: the pages, the phone width, and pasted script that must not run."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import DailyViews, RelatedArticle
from articles.templatetags.newsroom import korean_date
from tests.factories import make_article, make_reporter, make_section

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}  # the smallest common phone screen (iPhone SE)


LEAD = (
    "영등포구가 안양천 산책로 3.2km 구간을 새로 단장한다. 구는 다음 달부터 야간 조명과 "
    "쉼터를 설치하고, 자전거 도로와 보행로를 나눠 주민들이 안전하게 걸을 수 있게 한다."
)


@pytest.fixture
def paper():
    admin, culture = (
        make_section(name="행정", slug="admin"),
        make_section(name="문화", slug="culture"),
    )
    reporter = make_reporter(name="이천용", title="기자", email="lee@example.com")
    now = timezone.now()
    articles = [
        make_article(
            section=[admin, culture][n % 2],
            reporter=reporter,
            title=f"영등포 소식 {n}번째, 골목 상권 되살리기 나선다",
            subtitle="주민과 상인이 함께 만드는 거리\n구, 올해 하반기부터 지원",
            body=f"<p>{LEAD}</p>" + "<p>둘째 문단은 사업의 배경과 예산을 설명한다.</p>" * 4,
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(8)
    ]
    RelatedArticle.objects.create(article=articles[0], related=articles[3])
    for rank, article in enumerate(articles):
        DailyViews.objects.create(article=article, day=timezone.localdate(), views=100 - rank)
    return {"sections": (admin, culture), "reporter": reporter, "articles": articles}


def expect_chrome(page):
    """Every reader page: the masthead date in Seoul time and the weather ticker."""
    expect(page.locator(".masthead-date")).to_have_text(korean_date(timezone.localdate()))
    expect(page.locator(".weather-ticker")).to_contain_text("기상청 제공")


def test_reader_goes_from_home_to_section_article_related_and_most_read(
    live_server, page, paper, screenshot
):
    page.goto(live_server.url + "/")
    expect_chrome(page)

    page.get_by_role("navigation", name="섹션").get_by_role("link", name="행정").click()
    expect(page).to_have_url(re.compile(r"/section/admin/$"))
    expect(page.locator("h1")).to_have_text("행정")
    expect_chrome(page)

    page.locator(".main-column .teaser-title a").first.click()
    expect(page.locator("h1.headline")).to_have_text(paper["articles"][0].title)
    expect(page.locator(".byline")).to_have_text("[영등포신문=이천용 기자]")
    expect_chrome(page)

    related = page.locator(".related .teaser-title a").first
    expect(related).to_have_text(paper["articles"][3].title)
    related.click()
    expect(page.locator("h1.headline")).to_have_text(paper["articles"][3].title)
    expect_chrome(page)

    page.locator(".most-read").get_by_role("link", name="더보기").click()
    expect(page).to_have_url(re.compile(r"/most-read/"))
    expect(page.locator(".ranking li").first).to_contain_text(paper["articles"][0].title)
    expect_chrome(page)
    screenshot(page, "reader-most-read")


def test_reader_pages_fit_a_phone_and_the_story_starts_above_the_fold(
    live_server, browser, paper, screenshot
):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    article = paper["articles"][0]
    urls = ["/", "/section/admin/", article.get_absolute_url(), "/most-read/",
            paper["reporter"].get_absolute_url(), "/search/?q=영등포"]  # fmt: skip
    for url in urls:
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width == PHONE["width"], f"{url} is {width}px wide at a {PHONE['width']}px viewport"

    page.goto(live_server.url + article.get_absolute_url())
    headline = page.locator("h1.headline").bounding_box()
    lead = page.locator(".article-body p.lead").bounding_box()
    assert headline["y"] + headline["height"] <= PHONE["height"]
    assert lead["y"] + lead["height"] <= PHONE["height"], f"the lead ends at {lead}"
    screenshot(page, "reader-article-phone")
    context.close()


def test_the_text_size_a_reader_chooses_stays_on_the_next_article(live_server, page, paper):
    first, second = paper["articles"][0], paper["articles"][1]
    body = page.locator(".article-body")
    page.goto(live_server.url + first.get_absolute_url())
    size = body.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
    page.get_by_role("button", name="글자 크게").click()
    larger = body.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
    assert larger > size
    page.goto(live_server.url + "/")  # a page without an article's text leaves the step alone
    page.goto(live_server.url + second.get_absolute_url())
    assert body.evaluate("b => parseFloat(getComputedStyle(b).fontSize)") == larger


def test_pasted_script_handlers_and_javascript_links_never_run(
    live_server, page, paper, watch_page, screenshot
):
    article = make_article(
        section=paper["sections"][0],
        reporter=paper["reporter"],
        title="붙여 넣은 본문",
        body=(
            "<p>본문 첫 문단</p><script>alert('script')</script>"
            '<img src="/media/none.png" onerror="alert(\'onerror\')">'
            '<p><a id="bad" href="javascript:alert(\'link\')">눌러 보세요</a></p>'
            "<svg onload=\"alert('svg')\"></svg>"
        ),
    )
    page.goto(live_server.url + article.get_absolute_url())  # returns after the load event:
    # the broken image's error and the SVG's load have fired by then.
    page.get_by_text("눌러 보세요").click()
    expect(page).to_have_url(live_server.url + article.get_absolute_url())
    # Nothing is left that could run later, as the browser parsed the page (no waiting on a
    # dialog that should never come): no script, no on* handler, no link but to http(s)/mailto.
    runnable = page.locator(".article-body").evaluate(
        """body => [...body.querySelectorAll("*")].flatMap(element => [
            ...(["SCRIPT", "IFRAME", "OBJECT", "EMBED"].includes(element.tagName)
                ? [element.tagName] : []),
            ...[...element.attributes].filter(a => /^on/i.test(a.name)).map(a => a.name),
            ...(element.hasAttribute("href") && !["http:", "https:", "mailto:"].includes(
                new URL(element.getAttribute("href"), document.baseURI).protocol)
                ? [element.getAttribute("href")] : []),
        ])"""
    )
    assert runnable == []
    assert watch_page["dialogs"] == []
    assert not [e for e in watch_page["errors"] if "alert" in e or "Content Security" in e]
    expect(page.locator(".article-body")).to_contain_text("본문 첫 문단")
    screenshot(page, "reader-pasted-script")
