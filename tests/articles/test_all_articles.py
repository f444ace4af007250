"""전체기사 (/news/): every live article of every section, newest first, in pages."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SiteSettings
from tests.factories import make_article, make_reporter, make_section

pytestmark = pytest.mark.django_db
URL = "/news/"


@pytest.fixture
def paper():
    SiteSettings.load()  # the settings row exists on every real site
    return [make_section(name="행정", slug="admin"), make_section(name="경제", slug="economy")]


def test_the_address_is_news():
    assert reverse("articles:all") == URL


def test_every_live_article_of_every_section_newest_first(client, paper):
    now = timezone.now()
    hour = make_article(section=paper[1], title="경제 새 기사", publish_at=now - timedelta(hours=1))
    day = make_article(section=paper[0], title="행정 어제 기사", publish_at=now - timedelta(1))
    older = make_article(section=paper[0], title="행정 옛 기사", publish_at=now - timedelta(2))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>전체기사 | 영등포신문</title>" in html
    assert '<h1 class="page-title">전체기사</h1>' in html
    order = [html.index(article.title) for article in (hour, day, older)]
    assert order == sorted(order)
    # Each teaser names its section, since the list mixes them.
    assert f'class="teaser-section" href="{paper[1].get_absolute_url()}">경제</a>' in html
    assert html.count('class="teaser-section"') == 3


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT, "publish_at": None},
        {"status": Article.Status.REVIEW, "publish_at": None},
        {"status": Article.Status.PUBLISHED, "publish_at": "future"},
    ],
    ids=["draft", "review", "scheduled"],
)
def test_drafts_and_scheduled_articles_are_not_listed(client, paper, hidden):
    if hidden["publish_at"] == "future":
        hidden = {**hidden, "publish_at": timezone.now() + timedelta(minutes=30)}
    make_article(section=paper[0], title="공개된 기사")
    make_article(section=paper[0], title="아직 안 나간 기사", **hidden)
    html = client.get(URL).content.decode()
    assert "공개된 기사" in html
    assert "아직 안 나간 기사" not in html


def test_a_scheduled_article_joins_the_list_on_its_minute_with_the_cache_on(client, paper):
    make_article(section=paper[0], title="이미 나간 기사")
    at = (timezone.now() + timedelta(minutes=3)).replace(second=0, microsecond=0)
    make_article(section=paper[1], title="예약된 기사", publish_at=at)
    assert "예약된 기사" not in client.get(URL).content.decode()
    with time_machine.travel(at - timedelta(seconds=1)):
        assert "예약된 기사" not in client.get(URL).content.decode()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "예약된 기사" in client.get(URL).content.decode()


def test_the_list_comes_in_pages_of_twenty(client, paper):
    now = timezone.now()
    for n in range(45):
        make_article(section=paper[n % 2], title=f"전체 {n:02d}번", publish_at=now - timedelta(n))
    pages = [client.get(URL + query).content.decode() for query in ("", "?page=2", "?page=3")]
    assert [page.count('<article class="teaser') for page in pages] == [20, 20, 5]
    assert "전체 00번" in pages[0] and "전체 19번" in pages[0] and "전체 20번" not in pages[0]
    assert "전체 20번" in pages[1] and "전체 44번" in pages[2]
    assert 'rel="next" href="?page=2"' in pages[0] and 'rel="prev"' not in pages[0]
    assert 'rel="prev" href="?page=2"' in pages[2] and 'rel="next"' not in pages[2]
    assert "<title>전체기사 (2쪽) | 영등포신문</title>" in pages[1]


@pytest.mark.parametrize("page", ["0", "-1", "4", "abc", "1e9", "%00", "%EF%BC%92", "9" * 500])
def test_a_page_that_does_not_exist_is_a_korean_404(client, paper, page):
    for _ in range(3):
        make_article(section=paper[0])
    response = client.get(f"{URL}?page={page}")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_an_empty_paper_says_so(client, paper):
    response = client.get(URL)
    assert response.status_code == 200
    assert "게재된 기사가 아직 없습니다." in response.content.decode()


def test_the_masthead_links_to_it_and_marks_it_while_it_is_read(client, paper):
    make_article(section=paper[0])
    for url in (reverse("articles:home"), paper[0].get_absolute_url(), URL):
        nav = client.get(url).content.decode()
        nav = nav[nav.index('class="section-nav"') :]
        assert f'href="{URL}"' in nav and ">전체기사</a>" in nav
        assert nav.count('aria-current="page"') == 1
    assert f'href="{URL}" aria-current="page">전체기사' in nav


def test_the_second_reader_is_served_from_the_page_cache(client, paper, django_assert_num_queries):
    make_article(section=paper[0], title="캐시된 기사")
    first = client.get(f"{URL}?page=1&utm_source=x")
    with django_assert_num_queries(0):
        second = client.get(f"{URL}?page=1")
    assert second.content == first.content


def test_a_new_article_appears_on_the_next_request(client, paper):
    make_article(section=paper[0], title="먼저 나간 기사")
    assert "먼저 나간 기사" in client.get(URL).content.decode()
    make_article(section=paper[1], title="방금 나간 기사", publish_at=timezone.now())
    assert "방금 나간 기사" in client.get(URL).content.decode()


@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize("page", [1, 2])
def test_any_page_has_a_fixed_query_budget(client, django_assert_num_queries, paper, count, page):
    """Cold caches: the page cache's two lookups (the next article and the next front-page
    edition to go live), the count, the page's ids and rows in one query, the masthead's
    sections, the settings, the ticker, the most-read box. However many articles there are."""
    reporter = make_reporter()
    for n in range(count):
        make_article(section=paper[n % 2], reporter=reporter)
    expected = 404 if count < 21 and page == 2 else 200
    # +2 since: the next start or end of a banner ad, and the live banner ads (ads.cache);
    # +1: the footer's pages (pages.cache).
    with django_assert_num_queries(12 if expected == 200 else 10):
        response = client.get(f"{URL}?page={page}")
    assert response.status_code == expected
