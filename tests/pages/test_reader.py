"""What readers see of the paper's pages: each at /주소/, the privacy policy in the version in
force with its earlier ones, never a version before its 시행일 nor a hidden page; the footer on
every reader page, with the page cache on."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from articles.models import SiteSettings
from pages.models import Page, PolicyVersion
from tests.articles.test_views import BUDGETS as ARTICLE_BUDGETS
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 12, 1, 15, 0, tzinfo=SEOUL)


def make_page(**fields):
    fields = {"title": "신문사소개", "address": "신문사소개", "body": "<p>소개 글</p>", **fields}
    return Page.objects.create(**fields)


def privacy_page(*versions):
    page = make_page(title="개인정보처리방침", address="개인정보처리방침", kind="privacy", body="")
    for day, text in versions:
        PolicyVersion.objects.create(page=page, effective_on=day, body=f"<p>{text}</p>")
    return page


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def footer(page_html):
    return page_html[page_html.index('<footer class="site-footer">') :]


def test_a_page_is_at_its_korean_address(client):
    SiteSettings.load()
    page = make_page(body="<p>영등포의 내일을 씁니다.</p><script>alert(1)</script>")
    assert page.get_absolute_url() == "/%EC%8B%A0%EB%AC%B8%EC%82%AC%EC%86%8C%EA%B0%9C/"
    text = html(client, "/신문사소개/")
    assert "<h1" in text and "신문사소개</h1>" in text
    assert "<p>영등포의 내일을 씁니다.</p>" in text
    assert "alert(1)" not in text  # sanitized on save, as an article's body


def test_a_hidden_or_unknown_page_is_a_404(client):
    make_page(shown=False, body="<p>숨긴 글</p>")
    assert "숨긴 글" not in html(client, "/신문사소개/", 404)
    html(client, "/없는쪽/", 404)
    assert "신문사소개" not in footer(html(client, reverse("articles:home")))


@time_machine.travel(NOW, tick=False)
def test_the_privacy_policy_shows_the_version_in_force_and_links_the_earlier_ones(client):
    page = privacy_page(
        (date(2024, 1, 1), "첫 방침"),
        (date(2025, 7, 1), "지금 방침"),
        (date(2027, 1, 1), "다음 방침"),
    )
    text = html(client, page.get_absolute_url())
    assert "지금 방침" in text and "첫 방침" not in text
    assert "다음 방침" not in text and "2027.01.01" not in text
    assert '<time datetime="2025-07-01">2025.07.01</time>' in text
    earlier = reverse("pages:version", kwargs={"address": page.address, "day": date(2024, 1, 1)})
    assert earlier == page.get_absolute_url() + "2024-01-01/"
    assert f'href="{earlier}"' in text
    assert "2024.01.01 시행" in text and "2025.07.01 시행 (현행)" in text

    old = html(client, earlier)
    assert "첫 방침" in old and "지금 방침" not in old
    assert "지난 방침입니다" in old and f'href="{page.get_absolute_url()}"' in old


@time_machine.travel(NOW, tick=False)
def test_a_version_before_its_day_is_a_404_and_an_impossible_day_too(client):
    page = privacy_page((date(2025, 7, 1), "지금 방침"), (date(2027, 1, 1), "다음 방침"))
    for day in ("2027-01-01", "2025-06-30", "2025-02-30", "0000-01-01"):
        assert "다음 방침" not in html(client, f"/{page.address}/{day}/", 404)


def test_the_next_version_shows_from_its_day_though_the_page_was_stored_before(client):
    """Nothing is kept past Seoul midnight (newsroom.pagecache), and a 시행일 starts there."""
    SiteSettings.load()
    page = privacy_page((date(2025, 7, 1), "지금 방침"), (date(2026, 12, 2), "다음 방침"))
    url = page.get_absolute_url()
    with time_machine.travel(datetime(2026, 12, 1, 23, 59, 58, tzinfo=SEOUL), tick=False):
        assert "다음 방침" not in html(client, url)
        assert "다음 방침" not in html(client, url)  # from the page cache
    with time_machine.travel(datetime(2026, 12, 2, 0, 0, 1, tzinfo=SEOUL), tick=False):
        text = html(client, url)
        assert "다음 방침" in text and "지금 방침" not in text
        assert "2025.07.01 시행" in text


def test_a_change_to_a_page_or_a_version_reaches_readers_at_once(client):
    SiteSettings.load()
    home = reverse("articles:home")
    page = privacy_page((date(2025, 7, 1), "지금 방침"))
    about = make_page()
    assert "지금 방침" in html(client, page.get_absolute_url())
    assert ">신문사소개</a>" in footer(html(client, home))
    version = page.versions.get()
    version.body = "<p>고친 방침</p>"
    version.save()
    about.title = "회사 소개"
    about.save()
    assert "고친 방침" in html(client, page.get_absolute_url())
    assert ">회사 소개</a>" in footer(html(client, home))
    about.shown = False
    about.save()
    assert "회사 소개" not in footer(html(client, home))


def test_the_footer_links_the_pages_in_order_the_privacy_policy_in_bold(client):
    site = SiteSettings.load()
    site.youth_protection_officer = "최보호"
    site.save()
    make_page(title="광고문의", address="광고문의", position=30)
    make_page(title="청소년보호정책", address="청소년보호정책", kind="youth", position=20)
    privacy = privacy_page((date(2025, 7, 1), "지금 방침"))
    Page.objects.filter(pk=privacy.pk).update(position=10)
    make_page(position=5)
    section = make_section(name="행정", slug="admin-news")
    article = make_article(section=section)
    for url in (reverse("articles:home"), article.get_absolute_url(), reverse("articles:all")):
        text = footer(html(client, url))
        titles = ["신문사소개", "개인정보처리방침", "청소년보호정책", "광고문의", "기사제보"]
        positions = [text.index(f"{title}</") for title in titles]
        assert positions == sorted(positions), url
        privacy = reverse("pages:page", kwargs={"address": "개인정보처리방침"})
        assert f'<a href="{privacy}"><strong>개인정보처리방침</strong></a>' in text
        assert "청소년보호정책</a> (책임자: 최보호)" in text
        assert 'href="/report/">기사제보</a>' in text


def test_the_footer_is_one_box_whose_page_list_costs_one_query_when_cold(
    client, django_assert_num_queries
):
    from newsroom import pagecache
    from pages.cache import footer as footer_box

    make_page()
    for n in range(10):
        make_page(title=f"쪽 {n}", address=f"쪽-{n}")
    SiteSettings.load()
    current = pagecache.Reading.now()
    with django_assert_num_queries(1):
        text = footer_box(current)
    assert text.count("<li>") == 12  # eleven pages and 기사제보
    with django_assert_num_queries(0):
        footer_box(current)


# Cold, as an article page (tests/articles/test_views.py) without the article, its corrections
# and the related and most-read boxes, with the page instead: the page cache's lookups of the
# next scheduled change, the masthead's sections, the ticker, the 속보 and banner boxes, the
# footer's pages, then the page and (the privacy policy only) its versions. Warm: none.
BUDGETS = {"page": ARTICLE_BUDGETS["article"] - 3, "privacy": ARTICLE_BUDGETS["article"] - 2}


@time_machine.travel(NOW, tick=False)
def test_a_page_has_a_fixed_query_budget(client, django_assert_num_queries):
    SiteSettings.load()
    about = make_page()
    privacy = privacy_page(*[(date(2020 + n, 1, 1), f"방침 {n}") for n in range(6)])
    for page, budget in [(about, BUDGETS["page"]), (privacy, BUDGETS["privacy"])]:
        for n in range(5):
            make_page(title=f"쪽 {page.pk} {n}", address=f"쪽-{page.pk}-{n}")
        pagecache_cold()
        with django_assert_num_queries(budget):
            html(client, page.get_absolute_url())
        with django_assert_num_queries(0):
            html(client, page.get_absolute_url())


def pagecache_cold():
    from django.core.cache import cache

    from newsroom import pagecache

    cache.clear()
    pagecache.forget_kept()
    SiteSettings.load()


def test_addresses_with_a_dot_are_never_taken_for_a_page(client):
    make_page(title="파비콘", address="favicon")
    assert client.get("/favicon.ico").status_code == 404  # not a redirect to /favicon.ico/
    assert client.get("/wp-login.php").status_code == 404
    assert client.get("/favicon").status_code == 301  # the page, with its slash


def test_a_youth_page_names_its_officer(client):
    site = SiteSettings.load()
    site.youth_protection_officer = "최보호"
    site.save()
    page = make_page(title="청소년보호정책", address="청소년보호정책", kind="youth")
    assert "청소년보호책임자: 최보호" in html(client, page.get_absolute_url())
