"""Every reader page has no axe-core violation at WCAG 2.2 AA, on a phone and on a desktop.

Besides the WCAG rules, axe checks what our readers' tools (Lighthouse among them) ask for: one
<h1> and no skipped heading level, landmarks told apart by their names, and buttons whose name
holds the text they show (an experimental rule, so asked for by name).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction, DailyViews, RelatedArticle
from breaking.models import Breaking
from pages.services import pages_seed_demo
from tests.e2e.axe import axe_violations, describe
from tests.factories import make_article, make_banner, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (375, 1280)
RULES = {
    rule: {"enabled": True}
    for rule in (
        "label-content-name-mismatch",
        "page-has-heading-one",
        "heading-order",
        "landmark-unique",
        "landmark-one-main",
        "region",
    )
}


@pytest.fixture
def reader_urls(weather_stations):
    section = make_section(name="행정", slug="admin")
    culture = make_section(name="문화", slug="culture")
    reporter = make_reporter(name="이천용", title="기자", email="lee@example.com")
    now = timezone.now()
    articles = [
        make_article(
            section=section,
            reporter=reporter,
            title=f"영등포 소식 {n}번째, 골목 상권 되살리기 나선다",
            subtitle="주민과 상인이 함께 만드는 거리\n구, 올해 하반기부터 지원",
            body="<p>영등포구가 안양천 산책로를 새로 단장한다.</p>"
            "<blockquote><p>주민들이 안전하게 걸을 수 있게 하겠다.</p></blockquote>",
            photo=make_photo() if n < 3 else None,
            photo_caption="안양천 산책로" if n < 3 else "",
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(25)  # two pages of the section
    ]
    other = make_article(section=culture, reporter=reporter, title="문래동 골목 축제")
    RelatedArticle.objects.create(article=articles[0], related=other)
    for rank, article in enumerate(articles[:12]):
        DailyViews.objects.create(article=article, day=timezone.localdate(), views=100 - rank)
    # A live 속보 (on every reader page) and a 정정보도 at the top of an article.
    Breaking.objects.create(
        article=articles[1],
        text="안양천 산책로 오늘 밤 개방",
        ends_at=now + timedelta(hours=2),
    )
    Correction.objects.create(
        article=articles[2],
        kind=Correction.Kind.CORRECTION,
        body="<p>본지는 산책로 길이를 <strong>3.2km</strong>로 바로잡습니다.</p>",
    )
    # Banner ads in the places that stay on the page (the pop-up: tests/e2e/test_ads.py).
    for code in ("top", "top", "wing", "middle", "bottom"):
        make_banner(code, alt="영등포구 구정 소식지 12월호")
    pages_seed_demo()  # the paper's pages: their links in every footer, the privacy policy
    search = reverse("articles:search")
    return {
        "home": reverse("articles:home"),
        "section": section.get_absolute_url(),
        "section page 2": section.get_absolute_url() + "?page=2",
        "article": articles[0].get_absolute_url(),
        "article with a correction": articles[2].get_absolute_url(),
        "reporter": reporter.get_absolute_url(),
        "all articles": reverse("articles:all"),
        "most read": reverse("articles:most-read"),
        "search": search + "?q=영등포",
        "search, nothing found": search + "?q=없는낱말",
        "search form": search,
        "tip form": reverse("tips:report"),
        "tip sent": reverse("tips:sent"),
        "not found": "/articles/999999/",
        "paper page": "/신문사소개/",
        "privacy policy": "/개인정보처리방침/",
        "privacy policy, earlier": "/개인정보처리방침/2024-01-01/",
    }


def settled(page):
    """Stop the weather ticker (as a reader may) and let every animation end: axe reads colours
    as they are at that moment, and a station fading in is not yet its own colour."""
    page.locator(".weather-toggle").click()  # waits for the ticker to start
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_pages_have_no_accessibility_violations(live_server, browser, reader_urls, width):
    # axe is added to the page as a script: our Content-Security-Policy would refuse it.
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=width < 600,
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        bypass_csp=True,
    )
    page = context.new_page()
    found = {}
    for name, url in reader_urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == (404 if name == "not found" else 200), url
        settled(page)
        if name != "not found":
            assert page.locator(".breaking").count() == 1, url
            assert page.locator(".ad-top .ad-item:visible").count() == 1, url
        violations = axe_violations(page, rules=RULES)
        if violations:
            found[f"{name} ({url}) at {width}px"] = describe(violations)
    context.close()
    assert found == {}, "\n".join(f"{page}:\n{text}" for page, text in found.items())
