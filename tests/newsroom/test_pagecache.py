import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from redis import Redis
from redis.exceptions import RedisError

from articles.models import Article, DailyViews, SiteSettings
from tests.factories import make_article, make_editor, make_reporter

pytestmark = pytest.mark.django_db
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone) Safari/604.1"}


@pytest.fixture(autouse=True)
def site():
    return SiteSettings.load()  # created once, as on any running site


def staff_login(client, user):
    """Log in as staff the way a browser does: the admin marks the browser as staff's."""
    client.force_login(user)
    client.get(reverse("admin:index"))


def max_age(response):
    for part in response["Cache-Control"].split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age":
            return int(value)
    return None


def test_second_reader_is_served_from_the_cache(client, django_assert_num_queries):
    make_article(title="캐시된 기사")
    first = client.get(reverse("articles:home"))
    with django_assert_num_queries(0):
        second = client.get(reverse("articles:home"))
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and 0 < max_age(second) <= 60
    assert second["ETag"] == first["ETag"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_matching_etag_gets_not_modified(client):
    make_article()
    etag = client.get(reverse("articles:home"))["ETag"]
    response = client.get(reverse("articles:home"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_an_edit_is_visible_on_the_next_request(client):
    article = make_article(title="처음 제목")
    assert "처음 제목" in client.get(article.get_absolute_url()).content.decode()
    article.title = "고친 제목"
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "고친 제목" in page and "처음 제목" not in page
    assert "고친 제목" in client.get(reverse("articles:home")).content.decode()


def test_unpublishing_takes_the_page_down_at_once(client):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_on_the_minute_with_the_cache_on(client):
    make_article(title="이미 나간 기사")
    at = (timezone.now() + timedelta(minutes=3)).replace(second=0, microsecond=0)
    scheduled = make_article(title="예약된 기사", publish_at=at)
    home = client.get(reverse("articles:home"))
    assert "예약된 기사" not in home.content.decode()
    assert max_age(home) <= (at - timezone.now()).total_seconds()
    with time_machine.travel(at - timedelta(seconds=1)):
        assert "예약된 기사" not in client.get(reverse("articles:home")).content.decode()
    with time_machine.travel(at + timedelta(seconds=1)):
        assert "예약된 기사" in client.get(reverse("articles:home")).content.decode()
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_views_are_counted_on_cache_hits(client):
    article = make_article()
    client.get(article.get_absolute_url(), REMOTE_ADDR="10.0.0.1", **READER)
    client.get(article.get_absolute_url(), REMOTE_ADDR="10.0.0.2", **READER)
    client.get(article.get_absolute_url(), REMOTE_ADDR="10.0.0.2", **READER)
    assert DailyViews.objects.get(article=article).views == 2


def test_staff_are_never_served_from_or_stored_into_the_cache(client, django_assert_num_queries):
    article = make_article(reporter=make_reporter(name="원래기자"))
    staff_login(client, make_editor())
    staff_page = client.get(article.get_absolute_url())
    assert "private" in staff_page["Cache-Control"]
    other = make_reporter(name="바뀐기자")
    Article.objects.filter(pk=article.pk).update(reporter=other)  # no signal, no new version
    assert "바뀐기자" in client.get(article.get_absolute_url()).content.decode()
    client.logout()
    # Nothing the staff member saw was stored: the reader's first visit builds the page.
    assert "바뀐기자" in client.get(article.get_absolute_url()).content.decode()


def test_head_requests_and_errors_are_not_stored(client):
    article = make_article()
    client.head(article.get_absolute_url())
    missing = client.get("/articles/999999/")
    assert missing.status_code == 404 and "public" not in missing.get("Cache-Control", "")


def test_an_edit_is_visible_even_when_the_clock_stands_still(client):
    with time_machine.travel(timezone.now(), tick=False):
        article = make_article(title="멈춘 시계")
        client.get(article.get_absolute_url())
        article.title = "멈춘 시계에서 고친 제목"
        article.save()
        assert "고친 제목" in client.get(article.get_absolute_url()).content.decode()


def test_query_parameters_a_page_does_not_read_share_its_entry(client, django_assert_num_queries):
    make_article(title="검색될 서울 기사")
    home = client.get(reverse("articles:home"))
    search = client.get(reverse("articles:search") + "?q=서울")
    with django_assert_num_queries(0):
        for n in range(20):
            assert client.get(f"{reverse('articles:home')}?x={n}").content == home.content
            again = client.get(f"{reverse('articles:search')}?utm_source={n}&q=%EC%84%9C%EC%9A%B8")
            assert again.content == search.content
    # What a page does read still makes a page of its own (the last value, as the view reads it).
    other = client.get(reverse("articles:search") + "?q=서울&q=부산").content.decode()
    assert "검색될 서울 기사" not in other


def test_a_made_up_session_or_staff_cookie_is_served_from_the_cache(
    client, django_assert_num_queries
):
    article = make_article()
    first = client.get(article.get_absolute_url())
    client.cookies["sessionid"] = "anyone-can-send-this"
    client.cookies["newsroom_staff"] = "1:forged-signature"
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response.content == first.content and "public" in response["Cache-Control"]


def test_no_page_a_shared_cache_may_keep_sets_a_cookie(client):
    article = make_article()
    pages = [
        reverse("articles:home"),
        article.section.get_absolute_url(),
        article.reporter.get_absolute_url(),
        article.get_absolute_url(),
        reverse("articles:most-read"),
        reverse("articles:search") + "?q=기사",
        reverse("articles:rss"),
        reverse("sitemap-index"),
    ]
    for url in pages:
        for _ in range(2):  # built, then replayed
            response = client.get(url, **READER)
            assert response.status_code == 200, url
            assert "public" in response["Cache-Control"], url
            assert not response.cookies, url


@pytest.mark.django_db(transaction=True)
def test_a_cached_article_is_served_while_the_database_is_down(client):
    article = make_article(title="디비가 멈춰도 보이는 기사")
    assert client.get(article.get_absolute_url(), **READER).status_code == 200
    with database_unreachable():
        # A new reader: counting this view needs the database, the page does not.
        response = client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.80", **READER)
    assert response.status_code == 200
    assert "디비가 멈춰도 보이는 기사" in response.content.decode()
    assert (
        DailyViews.objects.get(article=article).views == 1
    )  # the first reader's; this one is lost


@contextmanager
def database_unreachable():
    """The database really unreachable: the connection points at nothing until the end."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/db.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # nothing listens there
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.mark.skipif(not settings.REDIS_URL, reason="a Redis stall needs a real Redis")
@pytest.mark.django_db(transaction=True)
def test_a_takedown_made_while_redis_stalls_is_gone_once_redis_answers(client):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200  # cached now
    Redis.from_url(settings.REDIS_URL).client_pause(1500, all=True)
    article.status = Article.Status.DRAFT
    # The desk's process: its version bump cannot reach Redis.
    in_another_process(article.save)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if Redis.from_url(settings.REDIS_URL, socket_timeout=0.2).ping():
                break
        except RedisError:
            continue
    time.sleep(1)
    # A reader's process, which never saw Redis stall, a second after Redis answers again.
    assert in_another_process(lambda: Client().get(article.get_absolute_url()).status_code) == 404


def in_another_process(work):
    """Run work() as another process would: with its own cache clients (they are per thread)
    and its own database connection."""
    results = []

    def run():
        try:
            results.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return results[0]
