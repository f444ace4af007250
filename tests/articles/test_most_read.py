"""Views, counted by the beacon an article page's script sends (articles.views.article_seen), by
the rule in the README ("What counts as a view"), and the ranking they make."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, DailyViews
from articles.ranking import most_read, window_start
from articles.services import article_view_record
from tests.factories import make_article, make_editor
from tests.newsroom.test_pagecache import staff_login

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140 Safari/537.36"
BOTS = ["", "Googlebot/2.1", "Mozilla/5.0 (compatible; Yeti/1.1; +http://naver.me/spd)",
        "curl/8.5.0", "python-requests/2.32", "Mozilla/5.0 HeadlessChrome/140.0"]  # fmt: skip
# Redis expires the dedupe keys on its own clock, which time_machine does not move: tests that
# travel past the window keep the counters in memory, on the test's clock.
LOCAL_COUNTERS = {
    **settings.CACHES,
    "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "views"},
}


def reader_get(path="/", agent=BROWSER, ip="203.0.113.7", method="post"):
    request = getattr(RequestFactory(), method)(path, HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    request.user = AnonymousUser()
    return request


def reader(address="203.0.113.7", agent=BROWSER, **headers):
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent, **headers)


def seen(client, article, **extra):
    """The beacon site.js sends once an article page is shown."""
    return client.post(reverse("articles:seen", args=[getattr(article, "pk", article)]), **extra)


def total_views(article):
    return sum(DailyViews.objects.filter(article=article).values_list("views", flat=True))


def test_a_reader_view_is_counted_by_the_beacon_not_by_the_page():
    article = make_article()
    page = reader().get(article.get_absolute_url())
    beacon = reverse("articles:seen", args=[article.pk])
    assert f'data-seen-url="{beacon}"' in page.content.decode()  # for site.js
    assert total_views(article) == 0
    # No CSRF token: the page may come from a cache that holds nobody's.
    response = seen(reader(enforce_csrf_checks=True), article)
    assert response.status_code == 204 and not response.content
    assert "no-store" in response["Cache-Control"] and not response.cookies
    assert total_views(article) == 1


def test_previews_send_no_beacon(client):
    article = make_article(status=Article.Status.DRAFT, publish_at=None)
    staff_login(client, make_editor())
    page = client.get(reverse("articles:preview", args=[article.pk])).content.decode()
    # The attribute, not the name, which the page's script carries too.
    assert "기사 제목" in page and 'data-seen-url="' not in page


def test_repeat_view_within_thirty_minutes_counts_once():
    article = make_article()
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=SEOUL)):
        assert article_view_record(article=article, request=reader_get())
        assert not article_view_record(article=article, request=reader_get())
        assert article_view_record(article=article, request=reader_get(ip="198.51.100.1"))
    assert total_views(article) == 2


@time_machine.travel("2026-12-01 03:00Z")  # noon in Seoul: the half hour stays in one day
@override_settings(CACHES=LOCAL_COUNTERS)
def test_a_reader_beacons_again_and_counts_again_only_after_the_window():
    caches["counters"].clear()
    article = make_article()
    for _ in range(3):
        assert seen(reader(), article).status_code == 204
    seen(reader("198.51.100.1"), article)
    assert total_views(article) == 2
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        seen(reader(), article)
    assert total_views(article) == 3


@pytest.mark.parametrize("agent", BOTS)
def test_bots_and_scripts_are_not_counted(agent):
    article = make_article()
    assert not article_view_record(article=article, request=reader_get(agent=agent))
    assert seen(reader(agent=agent), article).status_code == 204
    assert total_views(article) == 0


def test_staff_and_other_methods_are_not_counted(client):
    article = make_article()
    url = reverse("articles:seen", args=[article.pk])
    for method in ("get", "head", "put", "delete", "options"):
        assert getattr(reader(), method)(url).status_code == 405, method
    reader().get(article.get_absolute_url())
    reader().head(article.get_absolute_url())
    staff_login(client, make_editor())
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert seen(client, article, HTTP_USER_AGENT=BROWSER).status_code == 204
    assert total_views(article) == 0
    assert seen(reader(), article).status_code == 204  # a reader still counts
    assert total_views(article) == 1


def test_only_a_live_article_is_counted():
    now = timezone.now()
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    review = make_article(status=Article.Status.REVIEW, publish_at=None)
    scheduled = make_article(publish_at=now + timedelta(hours=1))
    hidden = [draft, review, scheduled]
    for article in [*hidden, 999_999, 0]:
        response = seen(reader(), article)
        assert response.status_code == 404 and not response.content
    assert not DailyViews.objects.exists()
    with time_machine.travel(scheduled.publish_at + timedelta(seconds=1)):
        assert seen(reader(), scheduled).status_code == 204  # on its minute
    assert total_views(scheduled) == 1


@pytest.mark.parametrize(
    "path",
    ["abc", "-1", "1e9", "%00", "%EF%BC%91", "9" * 19, "9" * 5000, "1/x", "1/seen"],
)
def test_odd_beacon_addresses_are_a_404(path):
    make_article()
    assert reader().post(f"/articles/{path}/seen/").status_code == 404


@pytest.mark.parametrize(
    "body, kind",
    [
        (b"", "text/plain"),
        (b"\xff\xfe\x00", "application/octet-stream"),
        (b"ids=%00&pk=abc", "application/x-www-form-urlencoded"),
        (b'{"pk": [1, 2]}', "application/json"),
        (b"--garbage\r\n", "multipart/form-data; boundary=nothing"),
        (b"no boundary", "multipart/form-data"),
        (b"x" * 100_000, "text/plain"),
    ],
)
def test_an_odd_beacon_body_counts_one_view_and_is_never_an_error(body, kind):
    article = make_article()
    response = reader().post(reverse("articles:seen", args=[article.pk]), body, content_type=kind)
    assert response.status_code == 204
    assert total_views(article) == 1


@pytest.mark.parametrize("site, counted", [
    ("cross-site", False), ("same-site", False), ("none", False),
    ("same-origin", True), (None, True),  # an older browser says nothing
])  # fmt: skip
def test_a_beacon_from_another_site_is_refused(site, counted):
    article = make_article()
    headers = {"HTTP_SEC_FETCH_SITE": site} if site else {}
    response = seen(reader(), article, **headers)
    assert response.status_code == (204 if counted else 403)
    assert total_views(article) == int(counted)


def test_counts_are_kept_per_day():
    article = make_article()
    # Different readers: the dedupe window runs on the cache's own clock, not the test's.
    for day, ip in [(1, "10.0.0.1"), (1, "10.0.0.2"), (2, "10.0.0.3")]:
        with time_machine.travel(datetime(2026, 3, day, 12, 0, tzinfo=SEOUL)):
            article_view_record(article=article, request=reader_get(ip=ip))
    rows = dict(DailyViews.objects.filter(article=article).values_list("day", "views"))
    assert {d.day: v for d, v in rows.items()} == {1: 2, 2: 1}


def test_the_most_read_box_and_page_follow_the_beacons():
    first, second, third = (make_article(title=f"순위 후보 {n}") for n in "가나다")
    for article, readers in [(third, 1), (first, 3), (second, 2)]:
        for n in range(readers):
            seen(reader(f"198.51.100.{n + 1}"), article)
    titles = [article.title for article in (first, second, third)]
    for url, start in [
        (reverse("articles:home"), 'class="box most-read"'),
        (reverse("articles:most-read"), 'class="page-title"'),
    ]:
        page = reader().get(url).content.decode()
        ranking = page[page.index(start) :]
        assert sorted(titles, key=ranking.index) == titles, url
    assert [a.total_views for a in most_read("day")] == [3, 2, 1]


def test_window_starts_at_their_edges():
    now = datetime(2026, 3, 10, 0, 30, tzinfo=SEOUL)
    assert window_start("day", now).isoformat() == "2026-03-09"
    assert window_start("week", now).isoformat() == "2026-03-03"
    assert window_start("month", now).isoformat() == "2026-02-08"


def test_ranking_window_includes_the_edge_day_and_not_the_day_before():
    long_ago = datetime(2026, 1, 1, tzinfo=SEOUL)
    inside = make_article(title="안", publish_at=long_ago)
    outside = make_article(title="밖", publish_at=long_ago)
    DailyViews.objects.create(article=inside, day=datetime(2026, 3, 3).date(), views=5)
    DailyViews.objects.create(article=outside, day=datetime(2026, 3, 2).date(), views=50)
    with time_machine.travel(datetime(2026, 3, 10, 0, 30, tzinfo=SEOUL)):
        assert most_read("week") == [inside]


def test_ranking_orders_by_views_and_hides_what_is_not_live():
    popular, quiet, pulled = make_article(), make_article(), make_article()
    scheduled = make_article(publish_at=make_article().publish_at + timedelta(days=3))
    today = window_start("day") + timedelta(days=1)
    for article, views in [(popular, 30), (quiet, 3), (pulled, 100), (scheduled, 90)]:
        DailyViews.objects.create(article=article, day=today, views=views)
    pulled.status = Article.Status.DRAFT
    pulled.save()
    assert most_read("day") == [popular, quiet]


def test_an_article_taken_down_leaves_the_cached_ranking_at_once():
    article = make_article()
    DailyViews.objects.create(article=article, day=window_start("day"), views=3)
    assert most_read("day") == [article]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert most_read("day") == []


@pytest.mark.parametrize("count", [3, 60])
def test_ranking_costs_one_query_cold_or_warm(count, django_assert_num_queries):
    for n in range(count):
        DailyViews.objects.create(article=make_article(), day=window_start("day"), views=n + 1)
    with django_assert_num_queries(1):
        cold = most_read("day")
    with django_assert_num_queries(1):
        warm = most_read("day")
    assert cold == warm and len(cold) == min(count, 10)
    assert [a.total_views for a in cold] == sorted((a.total_views for a in cold), reverse=True)


def test_most_read_page_has_three_windows_and_a_link_from_the_box(client):
    article = make_article(title="가장 많이 읽힌 기사")
    DailyViews.objects.create(article=article, day=window_start("month"), views=7)
    home = client.get(reverse("articles:home")).content.decode()
    assert "가장 많이 본 기사" in home and "더보기" in home
    page = client.get(reverse("articles:most-read") + "?window=month").content.decode()
    for label in ("오늘", "이번 주", "이번 달"):
        assert label in page
    assert "가장 많이 읽힌 기사" in page
    assert client.get(reverse("articles:most-read") + "?window=%00").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
def test_concurrent_views_are_never_lost_on_postgresql():
    article = make_article()
    errors = []

    def view_ten_times(thread):
        try:
            for n in range(10):
                ip = f"10.{thread}.{n}.1"  # 200 different readers
                article_view_record(article=article, request=reader_get(ip=ip))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=view_ten_times, args=(t,)) for t in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert total_views(article) == 200


def test_behind_a_proxy_readers_are_told_apart_by_the_address_it_forwards(settings):
    settings.BEHIND_PROXY = True
    article = make_article()
    for client_ip in ("203.0.113.1", "203.0.113.2", "203.0.113.2"):
        request = reader_get(ip="127.0.0.1")  # every request arrives from the proxy
        request.META["HTTP_X_FORWARDED_FOR"] = f"spoofed-by-client, {client_ip}"
        article_view_record(article=article, request=request)
    assert total_views(article) == 2


def test_a_reader_changing_browsers_still_counts_once():
    article = make_article()
    for n in range(300):
        agent = f"Mozilla/5.0 (X11; Linux x86_64) Chrome/{n}.0 Safari/537.36"
        article_view_record(article=article, request=reader_get(agent=agent))
    assert total_views(article) == 1


def test_one_address_counts_for_at_most_the_hourly_cap(settings):
    settings.VIEW_COUNT_MAX_PER_HOUR = 5
    start = datetime(2026, 3, 2, 10, 0, tzinfo=SEOUL)
    articles = [make_article(publish_at=start - timedelta(days=1)) for _ in range(8)]
    with time_machine.travel(start, tick=False):
        for article in articles[:7]:
            assert seen(reader(), article).status_code == 204
        assert sum(total_views(article) for article in articles) == 5
        # Another reader is not held back by this one.
        assert article_view_record(article=articles[0], request=reader_get(ip="198.51.100.2"))
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        assert article_view_record(article=articles[7], request=reader_get())
