import base64
import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SiteSettings
from tests.factories import make_article, make_reporter, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    sections = [make_section(name=n, slug=s) for n, s in [("행정", "admin"), ("경제", "economy")]]
    reporter = make_reporter(name="이천용", title="기자", email="lee@example.com")
    return sections, reporter


def fill(count, sections, reporter):
    for n in range(count):
        make_article(section=sections[n % 2], reporter=reporter)


PAGES = [
    ("home", lambda s, r, a: reverse("articles:home")),
    ("section", lambda s, r, a: s[0].get_absolute_url()),
    ("section page 2", lambda s, r, a: s[0].get_absolute_url() + "?page=2"),
    ("reporter", lambda s, r, a: r.get_absolute_url()),
    ("article", lambda s, r, a: a.get_absolute_url()),
]
# Each budget includes the weather ticker's one query (the test starts with a cold cache).
# Cold caches. Each includes four lookups by the page cache: when the next article goes live,
# when the next front-page edition does (frontpage.cache), when a 속보 banner and when a banner
# ad next starts or ends (breaking.cache, ads.cache), the 속보 box's one query (whether a banner
# is up or not), the banner ads' one (every place's live banners) and the footer's pages
# (pages.cache: the paper's own pages, kept under the site version). The home:
# the live edition's slots, one UNION for every slot's articles, the sections (shared with the
# masthead), most-read, ticker.
BUDGETS = {
    "home": 12,
    "section": 13,
    "section page 2": 13,
    "reporter": 13,
    "article": 13,
}  # article: + its corrections
# A section page past the last (page 2 of 3 articles): the lookups, the section and its count,
# then the not-found page's sections, ticker, 속보, banner ads and footer pages; no page of
# ids, no rows.
PAST_THE_LAST = 11


@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize("name,url", PAGES, ids=[p[0] for p in PAGES])
def test_reader_pages_have_a_fixed_query_budget(
    client, newsroom, django_assert_num_queries, count, name, url
):
    sections, reporter = newsroom
    fill(count, sections, reporter)
    article = Article.objects.published().first()
    SiteSettings.load()  # the settings row exists on every real site
    page = url(sections, reporter, article)
    expected = 404 if name == "section page 2" and count == 3 else 200
    with django_assert_num_queries(BUDGETS[name] if expected == 200 else PAST_THE_LAST):
        response = client.get(page)
    assert response.status_code == expected


@pytest.mark.media  # on the disk, and on object storage (tests/media.py)
@pytest.mark.parametrize("name,url", PAGES, ids=[p[0] for p in PAGES])
def test_reader_pages_with_photos_keep_their_query_budget(
    client, newsroom, django_assert_num_queries, name, url
):
    """Each photo's srcset, sizes, width and height come from its article's row (issue 16)."""
    sections, reporter = newsroom
    photo = {"photo": "photos/2026/12/scene.jpg", "photo_width": 2000, "photo_height": 1333}
    for n in range(60):
        make_article(section=sections[n % 2], reporter=reporter, **photo)
    article = Article.objects.published().first()
    SiteSettings.load()
    with django_assert_num_queries(BUDGETS[name]):
        response = client.get(url(sections, reporter, article))
    assert response.status_code == 200
    assert "scene.jpg.w240.avif 240w" in response.content.decode()


def test_article_page_shows_every_part_in_order(client, newsroom):
    sections, reporter = newsroom
    article = make_article(
        section=sections[0],
        reporter=reporter,
        title="영등포구, 안양천 산책로 새로 단장",
        subtitle="총 3.2km 구간\n야간 조명도 설치",
        body="<p>영등포구가 안양천 산책로를 새로 단장한다.</p>",
        publish_at=timezone.make_aware(timezone.datetime(2024, 7, 30, 13, 34, 14)),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    html = html[html.index("<body") :]
    parts = [
        "영등포신문",  # masthead
        "기상청 제공",  # weather ticker
        'class="section-label"',
        "영등포구, 안양천 산책로 새로 단장",
        "총 3.2km 구간",
        "야간 조명도 설치",
        "등록 <time",
        "2024.07.30 13:34:14",
        "[영등포신문=이천용 기자]",
        "영등포구가 안양천 산책로를 새로 단장한다.",
        "lee@example.com",
        "&lt;저작권자 © 영등포신문, 무단 전재 및 재배포 금지&gt;",
        "제호",  # footer
    ]
    positions = [html.find(part) for part in parts]
    assert -1 not in positions, [p for p, i in zip(parts, positions, strict=True) if i == -1]
    assert positions == sorted(positions)
    assert "수정 <time" not in html


def test_masthead_shows_today_in_seoul(client, newsroom):
    html = client.get(reverse("articles:home")).content.decode()
    today = timezone.localdate()
    assert f"{today:%Y.%m.%d} ({'월화수목금토일'[today.weekday()]})" in html


def test_revision_stamp_appears_after_an_edit(client, newsroom):
    article = make_article(section=newsroom[0][0])
    article = Article.objects.get(pk=article.pk)
    article.title = "고친 제목"
    article.save()
    assert "수정 <time" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "status,delta",
    [(Article.Status.DRAFT, -1), (Article.Status.REVIEW, -1), (Article.Status.PUBLISHED, 30)],
)
def test_unpublished_articles_are_404_and_missing_from_lists(client, newsroom, status, delta):
    sections, reporter = newsroom
    hidden = make_article(
        section=sections[0],
        reporter=reporter,
        title="아직 나가면 안 되는 기사",
        status=status,
        publish_at=timezone.now() + timedelta(minutes=delta),
    )
    make_article(section=sections[0], reporter=reporter)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in (
        reverse("articles:home"),
        sections[0].get_absolute_url(),
        reporter.get_absolute_url(),
    ):
        assert "아직 나가면 안 되는 기사" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/articles/99999999999999999999/",
        "/articles/abc/",
        "/articles/0/",
        "/section/admin/?page=abc",
        "/section/admin/?page=999",
        "/section/admin/?page=-1",
        "/section/nope/",
        "/reporter/99999999999999999999/",
        "/news/article.html?no=abc",
        "/news/article.html",
        "/news/articleView.html?idxno=99999999999999999999",
        "/news/article.html?no=%C2%B2",  # '²': str.isdigit() says yes, int() says no
        "/news/articleView.html?idxno=%D9%A1%D9%A2",  # Arabic-Indic digits
    ],
)
def test_malformed_requests_get_a_korean_404(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


@pytest.mark.parametrize(
    "path,param", [("/news/article.html", "no"), ("/news/articleView.html", "idxno")]
)
def test_legacy_article_urls_redirect_permanently(client, path, param):
    response = client.get(f"{path}?{param}=1234")
    assert response.status_code == 301
    assert response["Location"] == "/articles/1234/"


def test_section_pages_paginate(client, newsroom, settings):
    sections, reporter = newsroom
    for _ in range(25):
        make_article(section=sections[0], reporter=reporter)
    page1 = client.get(sections[0].get_absolute_url()).content.decode()
    page2 = client.get(sections[0].get_absolute_url() + "?page=2").content.decode()
    assert page1.count('<article class="teaser') == 20
    assert page2.count('<article class="teaser') == 5
    assert 'rel="next"' in page1 and 'rel="prev"' in page2


def test_reader_pages_send_a_content_security_policy(client, newsroom):
    policy = client.get(reverse("articles:home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_stylesheet_and_scripts_are_in_the_page_and_the_policy_allows_them_by_hash(
    client, newsroom
):
    """A phone paints with the HTML alone and asks for no code before it does
    (docs/performance.md); the policy allows that one <style> and one <script>, the same in every
    page, and the page cache keeps page and policy together."""
    sections, reporter = newsroom
    article = make_article(section=sections[0], reporter=reporter)
    for url in (reverse("articles:home"), article.get_absolute_url(), reverse("articles:home")):
        response = client.get(url)
        html = response.content.decode()
        policy = response["Content-Security-Policy"]
        styles = re.findall(r"<style>(.*?)</style>", html, re.S)
        assert len(styles) == 1 and ".masthead{" in styles[0]
        assert 'href="/static/css/' not in html and 'rel="stylesheet"' not in html
        assert f"style-src 'self' {digest(styles[0])};" in policy
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        assert len(scripts) == 1 and "data-seen-url" in scripts[0] and "data-ad-place" in scripts[0]
        assert "<script src=" not in html
        assert f"script-src 'self' {digest(scripts[0])};" in policy
        assert html.rstrip().endswith("</script>\n  </body>\n</html>")  # after all it reads


def digest(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("count", [3, 60])
def test_a_browsers_article_page_and_its_view_beacon_stay_in_budget(
    client, newsroom, django_assert_num_queries, count
):
    sections, reporter = newsroom
    fill(count, sections, reporter)
    SiteSettings.load()
    article = Article.objects.published().first()
    agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"
    with django_assert_num_queries(BUDGETS["article"]):  # the page counts nothing
        response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    # The beacon its script sends: whether the article is live, then the one upsert.
    with django_assert_num_queries(2):
        beacon = client.post(reverse("articles:seen", args=[article.pk]), HTTP_USER_AGENT=agent)
    assert beacon.status_code == 204
    assert article.daily_views.get().views == 1


def test_navigation_marks_the_section_being_read(client, newsroom):
    sections, reporter = newsroom
    article = make_article(section=sections[1], reporter=reporter)
    for url in (sections[1].get_absolute_url(), article.get_absolute_url()):
        html = client.get(url).content.decode()
        nav = html[html.index('class="section-nav"') :]
        assert f'href="{sections[1].get_absolute_url()}" aria-current="page"' in nav
        assert nav.count('aria-current="page"') == 1


def test_navigation_marks_home_on_the_home_page_only(client, newsroom):
    home = reverse("articles:home")
    for url, marked in [(home, True), (reverse("articles:most-read"), False)]:
        html = client.get(url).content.decode()
        nav = html[html.index('class="section-nav"') : html.index("</nav>")]
        assert (f'href="{home}" aria-current="page">홈' in nav) is marked
        assert nav.count('aria-current="page"') == int(marked)
