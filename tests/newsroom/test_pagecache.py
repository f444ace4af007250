import gzip
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

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
from newsroom import compress, pagecache
from tests.factories import make_article, make_editor, make_reporter, make_section

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


def cache_control(response) -> dict:
    parts = (part.strip().partition("=") for part in response["Cache-Control"].split(","))
    return {name: value for name, _, value in parts}


def test_shared_caches_keep_a_page_a_second_and_browsers_what_is_left(client):
    make_article(title="공유 캐시")
    at = (timezone.now() + timedelta(minutes=3)).replace(second=0, microsecond=0)
    make_article(title="예약", publish_at=at)
    for response in (client.get(reverse("articles:home")), client.get(reverse("articles:home"))):
        control = cache_control(response)
        assert "public" in control and control["s-maxage"] == "1"
        together = int(control["max-age"]) + int(control["s-maxage"])
        assert 1 < together <= (at - timezone.now()).total_seconds()
        # nginx: through this whole second, never the next (its s-maxage counts whole seconds)
        assert int(response["X-Accel-Expires"][1:]) in (int(time.time()) - 1, int(time.time()))


def test_without_a_proxy_lifetime_shared_caches_keep_nothing(client, settings):
    settings.PROXY_CACHE_SECONDS = 0
    make_article()
    response = client.get(reverse("articles:home"))
    control = cache_control(response)
    assert control["s-maxage"] == "0" and 0 < int(control["max-age"]) <= 60
    assert not response.has_header("X-Accel-Expires")


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


def test_an_article_page_counts_nothing_and_any_cache_may_keep_it(client):
    """Its views are counted by the beacon its script sends (articles.views.article_seen), so
    the page is the same for every reader and a proxy may answer it like any other page."""
    article = make_article()
    for address in ("10.0.0.1", "10.0.0.2"):  # built, then replayed
        response = client.get(article.get_absolute_url(), REMOTE_ADDR=address, **READER)
        assert cache_control(response)["s-maxage"] == "1" and "public" in cache_control(response)
        assert response["Vary"] == "Accept-Encoding" and not response.cookies
    assert not DailyViews.objects.exists()


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


def test_the_length_sent_is_the_length_of_the_page_with_its_boxes(client):
    article = make_article()
    for url in reader_pages(article):
        for _ in range(2):  # built, then replayed
            response = client.get(url)
            if response.has_header("Content-Length"):
                assert int(response["Content-Length"]) == len(response.content), url


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
    seen = reverse("articles:seen", args=[article.pk])
    assert client.get(article.get_absolute_url(), **READER).status_code == 200
    assert client.post(seen, **READER).status_code == 204
    with database_unreachable():
        # A new reader: counting this view needs the database, the page does not.
        response = client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.80", **READER)
        lost = client.post(seen, REMOTE_ADDR="203.0.113.80", **READER)
    assert response.status_code == 200
    assert "디비가 멈춰도 보이는 기사" in response.content.decode()
    assert lost.status_code == 503
    assert DailyViews.objects.get(article=article).views == 1  # the first reader's


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
    # The desk's process retries its bump every RETRY_EVERY seconds (real sleeps, in a thread of
    # its own, which ends once the bump lands): wait on that thread, not on a guessed second.
    retry = pagecache._retry.get("thread")
    if retry is not None:
        retry.join(timeout=2)
        assert not retry.is_alive(), "the version bump had not landed 2 s after Redis answered"
    # A reader's process, which never saw Redis stall, once Redis answers again.
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


def reader_pages(article):
    return [
        reverse("articles:home"),
        article.section.get_absolute_url(),
        article.reporter.get_absolute_url(),
        article.get_absolute_url(),
        reverse("articles:rss"),
        reverse("articles:most-read"),
    ]


def test_a_draft_saved_leaves_every_cached_page_served_from_the_cache(
    client, django_assert_num_queries
):
    live = make_article(title="나간 기사")
    draft = make_article(title="쓰는 중", status=Article.Status.DRAFT)
    first = {url: client.get(url).content for url in reader_pages(live)}
    for n in range(3):  # a reporter saving as they write
        draft.body = f"<p>고쳐 쓴 {n}번째 문단</p>"
        draft.save()
    with django_assert_num_queries(0):
        for url, content in first.items():
            assert client.get(url).content == content, url


def test_publishing_another_article_leaves_this_articles_own_part_stored(client):
    section = make_section(name="행정", slug="haengjeong")
    this = make_article(title="이 기사", section=section, reporter=make_reporter(name="처음기자"))
    later = make_reporter(name="나중기자")
    assert "처음기자" in client.get(this.get_absolute_url()).content.decode()
    # A change that retires nothing (no signal): it shows only where the page is rebuilt.
    Article.objects.filter(pk=this.pk).update(reporter=later)
    make_article(title="새로 나간 기사", section=section, reporter=later)
    page = client.get(this.get_absolute_url()).content.decode()
    assert "새로 나간 기사" in page  # the related box is rebuilt for the new article
    assert "=처음기자 기자]" in page and "=나중기자" not in page  # its own part is not


def test_a_takedown_removes_its_teaser_from_other_articles_at_once(client):
    section = make_section(name="행정", slug="haengjeong")
    other = make_article(title="다른 기사", section=section)
    pulled = make_article(title="내려갈 기사", section=section)
    assert "내려갈 기사" in client.get(other.get_absolute_url()).content.decode()
    pulled.status = Article.Status.DRAFT
    pulled.save()
    page = client.get(other.get_absolute_url()).content.decode()
    assert "다른 기사" in page and "내려갈 기사" not in page
    assert "내려갈 기사" not in client.get(reverse("articles:home")).content.decode()


def test_reader_pages_do_not_vary_on_the_browsers_language(client):
    article = make_article()
    for url in reader_pages(article):
        for _ in range(2):
            response = client.get(url, headers={"Accept-Language": "en-US,en;q=0.9"})
            assert "Accept-Language" not in response.get("Vary", ""), url
            assert "Content-Language" not in response or response["Content-Language"] == "ko-kr"


@pytest.mark.django_db(transaction=True)
def test_an_article_scheduled_by_another_process_appears_on_the_minute(client):
    """Two processes with the default settings (no Redis): the one that schedules and the one
    that serves. The server's pages were cached before the other process wrote."""
    section = make_section(name="행정", slug="haengjeong")
    reporter = make_reporter(name="예약기자")
    anchor = make_article(section=section, reporter=reporter)
    pages = reader_pages(anchor)[:-2] + [reverse("articles:rss")]
    for url in pages:
        client.get(url)  # stored now
    at = (timezone.now() + timedelta(minutes=3)).replace(second=0, microsecond=0)
    run_in_another_process(
        "from articles.models import Article\n"
        f"Article.objects.create(title='다른 프로세스가 예약한 기사', section_id={section.pk}, "
        f"reporter_id={reporter.pk}, body='<p>본문</p>', status='published', "
        f"publish_at={at.isoformat()!r})\n"
    )
    with time_machine.travel(at - timedelta(seconds=1)):
        for url in pages:
            assert "다른 프로세스가 예약한 기사" not in client.get(url).content.decode(), url
    with time_machine.travel(at + timedelta(seconds=1)):
        for url in pages:
            assert "다른 프로세스가 예약한 기사" in client.get(url).content.decode(), url


def run_in_another_process(code):
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DATABASE_URL": url}
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.run(
        [sys.executable, str(manage), "shell", "-c", code], env=env, check=True, timeout=60
    )


def test_what_a_process_keeps_is_bounded():
    until = pagecache.Reading.now().until
    built = []

    def keep(n):
        return pagecache.kept(f"box:related:{n}", "v1", lambda: built.append(n), 60, until=until)

    for n in range(pagecache.KEPT_MAX + 50):
        keep(n)
    built.clear()
    keep(pagecache.KEPT_MAX + 49)  # among the last used: still kept
    keep(0)  # the first: let go, built again
    assert built == [0]


def test_nothing_is_kept_longer_than_a_failed_version_is_retried():
    built = []
    start = time.time()
    far = start + 24 * 3600
    pagecache.kept("box:x", "v1", lambda: built.append(1), 3600, until=far)
    with time_machine.travel(start + pagecache.LONGEST_KEPT + 1, tick=False):
        pagecache.kept("box:x", "v1", lambda: built.append(2), 3600, until=far)
    assert built == [1, 2]


# --- gzip -------------------------------------------------------------------------------------

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chrome sends


def test_a_reader_who_takes_gzip_gets_the_same_page_gzipped(client):
    article = make_article(title="압축된 기사")
    pages = [*reader_pages(article), reverse("articles:search") + "?q=압축"]
    for url in pages:
        plain = client.get(url).content
        for _ in range(2):  # built, then replayed
            response = client.get(url, headers=GZIP)
            assert response["Content-Encoding"] == "gzip", url
            assert gzip.decompress(response.content) == plain, url
            assert len(response.content) < len(plain) * 0.7, url
            if response.has_header("Content-Length"):
                assert int(response["Content-Length"]) == len(response.content), url
    # Built for a gzip client first, then replayed to both.
    pagecache.forget_kept()
    client.get(article.get_absolute_url(), headers=GZIP)
    assert "압축된 기사" in client.get(article.get_absolute_url()).content.decode()


def test_a_client_that_does_not_ask_for_gzip_never_gets_it(client):
    article = make_article()
    client.get(article.get_absolute_url(), headers=GZIP)  # stored by a gzip client
    for accept in ["", "identity", "br", "gzip;q=0", "*;q=0", "deflate, gzip;q=0.0"]:
        response = client.get(article.get_absolute_url(), headers={"Accept-Encoding": accept})
        assert not response.has_header("Content-Encoding"), accept
        assert response.content.startswith(b"<!doctype html>"), accept
    for accept in ["gzip", "GZIP;q=0.5", "*", "br;q=1, gzip;q=0.1"]:
        response = client.get(article.get_absolute_url(), headers={"Accept-Encoding": accept})
        assert response["Content-Encoding"] == "gzip", accept


def test_every_reader_response_varies_on_accept_encoding(client):
    article = make_article()
    responses = []
    for url in [*reader_pages(article), "/articles/999999/", reverse("articles:home") + "?x=1"]:
        for headers in ({}, GZIP, GZIP):  # built or not stored, then replayed, for both
            responses.append((url, client.get(url, headers=headers)))
    responses.append(("HEAD", client.head(article.get_absolute_url(), headers=GZIP)))
    staff_login(client, make_editor())
    responses.append(("staff", client.get(article.get_absolute_url(), headers=GZIP)))
    for url, response in responses:
        assert "Accept-Encoding" in response["Vary"], url
    assert responses[-1][1].status_code == 200


def test_a_gzipped_page_has_an_etag_of_its_own(client):
    article = make_article()
    plain = client.get(article.get_absolute_url())["ETag"]
    zipped = client.get(article.get_absolute_url(), headers=GZIP)["ETag"]
    assert plain != zipped
    again = client.get(article.get_absolute_url(), headers={**GZIP, "If-None-Match": zipped})
    assert again.status_code == 304
    other = client.get(article.get_absolute_url(), headers={"If-None-Match": zipped})
    assert other.status_code == 200 and not other.has_header("Content-Encoding")


def test_a_replayed_page_is_not_compressed_again(client, monkeypatch):
    """The page's own parts are deflated when it is built, each box once per version: serving
    the stored page to a gzip client compresses nothing."""
    article = make_article()
    for url in reader_pages(article):
        client.get(url, headers=GZIP)
    calls = []
    deflated = compress.deflated
    monkeypatch.setattr(compress, "deflated", lambda data: calls.append(data) or deflated(data))
    for url in reader_pages(article):
        response = client.get(url, headers=GZIP)
        assert response["Content-Encoding"] == "gzip" and gzip.decompress(response.content)
    assert calls == []


def test_no_reader_page_carries_a_csrf_token(client):
    """BREACH needs a secret in a compressed page that also reflects what the reader sent (the
    search page does): reader pages carry no CSRF token (docs/security.md)."""
    article = make_article()
    pages = [*reader_pages(article), reverse("articles:search") + "?q=<secret>"]
    for url in pages:
        response = client.get(url, headers=GZIP)
        page = gzip.decompress(response.content)
        assert b"csrfmiddlewaretoken" not in page and "csrftoken" not in response.cookies, url


def test_a_page_that_carries_a_csrf_token_is_never_gzipped(client, settings):
    settings.ROOT_URLCONF = "tests.newsroom.csrf_urls"
    pagecache.register_page("csrf-form")
    try:
        response = client.get("/form/?q=reflected", headers=GZIP)
    finally:
        pagecache._pages.pop("csrf-form")
    assert b"csrfmiddlewaretoken" in response.content and b"reflected" in response.content
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
