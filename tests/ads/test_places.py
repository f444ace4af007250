"""Banners on reader pages: each place shows its live banners from the start minute to the end
minute, with the page cache on and the clock moved; marked 광고, sized, linked through our own
redirect; a network's code only when the setting is on, in a sandboxed frame."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ads.models import Position
from ads.templatetags.ads import split_after_first_paragraph
from articles.models import SiteSettings
from tests.articles.test_views import BUDGETS
from tests.factories import make_article, make_banner, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    SiteSettings.load()
    body = "<p>첫 문단.</p><blockquote><p>인용 문단.</p></blockquote><p>둘째 문단.</p><p>셋째.</p>"
    return make_article(section=make_section(name="행정", slug="admin-news"), body=body)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def place(page, code):
    """The HTML of one place, or None."""
    found = re.search(rf'<aside class="ad ad-{code} .*?</aside>', page, re.S)
    return found.group(0) if found else None


def test_a_banner_shows_from_its_start_minute_until_its_end_minute(client, article):
    url = article.get_absolute_url()
    assert place(html(client, url), "top") is None  # the page is stored without a banner
    now = timezone.now()
    banner = make_banner(starts_at=now + timedelta(minutes=2), ends_at=now + timedelta(minutes=4))
    banner.refresh_from_db()  # on the minute
    assert place(html(client, url), "top") is None
    with time_machine.travel(banner.starts_at - timedelta(seconds=1)):
        assert place(html(client, url), "top") is None
    with time_machine.travel(banner.starts_at + timedelta(seconds=1)):
        assert banner.alt in place(html(client, url), "top")
    with time_machine.travel(banner.ends_at - timedelta(seconds=1)):
        assert banner.alt in place(html(client, url), "top")
    with time_machine.travel(banner.ends_at + timedelta(seconds=1)):
        assert place(html(client, url), "top") is None


def test_start_and_end_are_kept_to_the_minute(article):
    banner = make_banner(
        starts_at=timezone.now().replace(second=42), ends_at=timezone.now() + timedelta(hours=1)
    )
    banner.refresh_from_db()
    assert banner.starts_at.second == banner.ends_at.second == 0
    assert banner.starts_at.microsecond == banner.ends_at.microsecond == 0


def test_a_change_replaces_the_banner_box_and_leaves_the_stored_page(
    client, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    html(client, url)  # stored
    banner = make_banner(alt="구민 체육대회 안내")
    # The stored page, its banners rebuilt: four looks at the next scheduled change (articles,
    # editions, 속보, banners) and the live banners in one query.
    with django_assert_num_queries(5):
        assert "구민 체육대회 안내" in html(client, url)
    with django_assert_num_queries(0):
        html(client, url)
    banner.delete()
    assert "구민 체육대회 안내" not in html(client, url)


def test_every_live_banner_is_listed_with_its_weight_and_the_first_shows_without_script(
    client, article
):
    first = make_banner(order=1, weight=3)
    second = make_banner(order=2, weight=1)
    make_banner(order=0, ends_at=timezone.now() - timedelta(minutes=1))  # ended
    make_banner(order=0, starts_at=timezone.now() + timedelta(hours=1))  # not yet
    top = place(html(client, article.get_absolute_url()), "top")
    items = re.findall(r'<div class="ad-item" data-ad="(\d+)" data-weight="(\d+)"( hidden)?>', top)
    assert items == [(str(first.pk), "3", ""), (str(second.pk), "1", " hidden")]
    assert 'data-shown="1"' in top


def test_a_banner_is_marked_sized_and_linked_through_our_redirect(client, article):
    banner = make_banner(new_window=True)
    top = place(html(client, article.get_absolute_url()), "top")
    assert '<p class="ad-label">광고</p>' in top and 'aria-label="상단 광고"' in top
    go = reverse("ads:go", args=[banner.pk])
    assert f'<a href="{go}" rel="sponsored noopener" target="_blank">' in top
    assert banner.link not in top  # only the redirect knows it
    assert f'alt="{banner.alt}" width="728" height="90"' in top
    assert 'loading="lazy"' not in top  # above the fold
    assert 'fetchpriority="low"' in top  # after the page's own CSS and lead photo
    make_banner(code="bottom", new_window=False)
    bottom = place(html(client, article.get_absolute_url()), "bottom")
    assert 'loading="lazy"' in bottom and "target=" not in bottom


def test_each_place_shows_on_its_own_kinds_of_page(client, article):
    make_banner(code="middle", alt="본문 중간 배너")
    make_banner(code="popup", alt="팝업 배너")
    make_banner(code="wing", alt="날개 배너")
    home = html(client, reverse("articles:home"))
    page = html(client, article.get_absolute_url())
    listing = html(client, reverse("articles:all"))
    assert "팝업 배너" in home and "팝업 배너" not in page and "팝업 배너" not in listing
    assert "본문 중간 배너" in page and "본문 중간 배너" not in home
    assert all("날개 배너" in p for p in (home, page, listing))
    # The desk changes a place's pages: every page follows.
    Position.objects.filter(code="wing").update(on_home=False)  # no save: nothing retired
    Position.objects.get(code="wing").save()
    assert "날개 배너" not in html(client, reverse("articles:home"))
    assert "날개 배너" in html(client, reverse("articles:all"))


def test_the_middle_place_comes_after_the_second_paragraph_never_inside_a_quote(client, article):
    make_banner(code="middle", alt="본문 중간 배너")
    page = html(client, article.get_absolute_url())
    body = page[page.index('class="article-body"') :]
    assert body.index("셋째") > body.index("본문 중간 배너") > body.index("둘째 문단")
    assert body.index("본문 중간 배너") > body.index("</blockquote>")


def test_the_body_split_keeps_the_html_whole():
    assert split_after_first_paragraph("<p>가</p><p>나</p>") == ("<p>가</p>", "<p>나</p>")
    quoted = '<blockquote><p>인용</p></blockquote>\n<p class="x">가\n나</p>'
    assert split_after_first_paragraph(quoted + "끝") == (quoted, "끝")
    assert split_after_first_paragraph("<h2>제목</h2>") == ("<h2>제목</h2>", "")
    assert split_after_first_paragraph("") == ("", "")


def test_pc_and_mobile_places_are_told_apart(client, article):
    position = Position.objects.get(code="top")
    position.device = Position.Device.MOBILE
    position.save()
    make_banner()
    assert "ad-on-mobile" in place(html(client, article.get_absolute_url()), "top")


def test_network_code_is_off_by_default(client, article):
    Position.objects.filter(code="top").update(allows_network=True)
    banner = make_banner(image="", alt="", link="", network_code="<script>adsbygoogle()</script>")
    page = html(client, article.get_absolute_url())
    assert "adsbygoogle" not in page and place(page, "top") is None
    assert client.get(reverse("ads:frame", args=[banner.pk])).status_code == 404


@override_settings(ADS_NETWORK_CODE=True)
def test_network_code_runs_in_a_sandboxed_frame_of_its_own(client, article):
    code = '<ins class="kakao_ad_area"></ins><script src="https://t1.daumcdn.net/x.js"></script>'
    Position.objects.filter(code="top").update(allows_network=True)
    banner = make_banner(image="", alt="", link="", network_code=code)
    page = html(client, article.get_absolute_url())
    top = place(page, "top")
    assert "kakao_ad_area" not in page  # never in our page itself
    frame_url = reverse("ads:frame", args=[banner.pk])
    assert f'<iframe class="ad-frame" src="{frame_url}" width="728" height="90"' in top
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in top
    assert "allow-same-origin" not in top
    # Our pages' policy is not widened; the frame has its own.
    response = client.get(article.get_absolute_url())
    assert "daumcdn" not in response["Content-Security-Policy"]
    frame = client.get(frame_url)
    assert frame.status_code == 200 and code in frame.content.decode()
    assert "script-src 'unsafe-inline' https://pagead2" in frame["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in frame["Content-Security-Policy"]
    assert frame["X-Frame-Options"] == "SAMEORIGIN"


@override_settings(ADS_NETWORK_CODE=True)
def test_network_code_stays_out_of_a_position_that_does_not_allow_it(client, article):
    banner = make_banner(image="", alt="", link="", network_code="<script>x()</script>")
    assert place(html(client, article.get_absolute_url()), "top") is None
    assert client.get(reverse("ads:frame", args=[banner.pk])).status_code == 404


def test_the_admin_never_carries_banners(client, article, admin_client):
    make_banner(alt="관리 화면에 없을 배너")
    assert "관리 화면에 없을 배너" not in admin_client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_the_article_page_keeps_its_budget_however_many_banners(
    client, article, django_assert_num_queries, count
):
    for n in range(count):
        make_banner(code=["top", "wing", "middle", "bottom"][n % 4])
    # Cold: the article page's own budget, which counts the next start or end of a banner and
    # every place's live banners in one query (tests/articles/test_views.py).
    with django_assert_num_queries(BUDGETS["article"]):
        page = html(client, article.get_absolute_url())
    assert page.count('class="ad-item"') == count
