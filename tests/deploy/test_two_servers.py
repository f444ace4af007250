"""Two app servers behind deploy/nginx/newsroom.conf, as docs/deploy.md adds a second one: two
gunicorns started as the unit starts them (production settings), sharing PostgreSQL, Redis and
an object store (moto's S3 server), with both in nginx's upstream.

The desk works through server A's admin, readers go through nginx:
- an article scheduled through A appears through the proxy on its minute, never before;
- a lead photo uploaded through A is on B's page of the article, loaded from the shared bucket
  (neither server writes a file to its own disk);
- a takedown through A: through the proxy its page answers 404 and its teaser is gone
  within 1 s;
- A stopped gracefully (SIGTERM) while readers keep asking: every request is answered, by B
  (nginx's default proxy_next_upstream, error and timeout, sends a GET that A refuses to B).

The schedule is real time: the servers are other processes, so the test's clock cannot be moved
for them. The article is scheduled for the next minute at the start and a reader watches for it
while the rest runs; the test waits at most a minute for it (on average half of one).

PostgreSQL and Redis only: two processes sharing SQLite and a cache per process would not be
two app servers. .ci/run runs it in its PostgreSQL and Redis pass.
"""

import re
import secrets
import signal
import sys
import threading
import time
from contextlib import ExitStack
from datetime import datetime, timedelta
from io import BytesIO

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.deploy import nginx
from tests.deploy.gunicorn import (
    GUNICORN,
    MOTO_SERVER,
    S3,
    Gunicorn,
    collect_static,
    production_env,
)
from tests.factories import make_article, make_editor, make_photo
from tests.forms import form_data

# Skipped as a module: a skipped transactional test would still be flushed after.
if connection.vendor != "postgresql" or not django_settings.REDIS_URL:
    pytest.skip(
        "two app servers share PostgreSQL and Redis: set DATABASE_URL (postgres) and REDIS_URL",
        allow_module_level=True,
    )
if not nginx.available():
    pytest.skip("nginx가 없습니다 (apt-get install nginx-light)", allow_module_level=True)
if not (GUNICORN.exists() and MOTO_SERVER.exists()):
    pytest.skip("gunicorn, moto_server: make install", allow_module_level=True)
pytestmark = pytest.mark.django_db(transaction=True)


class Site:
    """Two gunicorns (a and b), nginx in front of both, the object store behind them."""

    a: Gunicorn
    b: Gunicorn
    s3: S3
    nginx: nginx.Nginx
    proxy: str


@pytest.fixture
def site(tmp_path, settings, transactional_db):
    settings.SECRET_KEY = secrets.token_urlsafe(50)  # the servers' too: a desk session is theirs
    started = time.monotonic()
    site = Site()
    with ExitStack() as stop:  # what started is stopped, by its process id, however it ends
        site.s3 = S3(tmp_path)
        stop.callback(stopped, site.s3.process)
        static = tmp_path / "static"
        env = production_env(settings.SECRET_KEY, site.s3, static)
        collecting = collect_static(static, env)  # while moto starts
        stop.callback(stopped, collecting)
        site.s3.make_buckets()
        assert collecting.wait(timeout=120) == 0, collecting.stderr.read()
        # Both at once, once the manifest is written (a worker may read it as it starts).
        site.a, site.b = Gunicorn(tmp_path, env, "a"), Gunicorn(tmp_path, env, "b")
        stop.callback(stopped, site.a.process)
        stop.callback(stopped, site.b.process)
        port = nginx.free_port()
        (tmp_path / "nginx").mkdir()
        upstream = (site.a.port, site.b.port)
        site.nginx = nginx.Nginx(tmp_path / "nginx", port=port, upstream=upstream)
        site.proxy = f"http://127.0.0.1:{port}"
        site.a.wait_ready()
        site.b.wait_ready()
        stop.enter_context(site.nginx)
        took = time.monotonic() - started
        sys.stdout.write(f"two gunicorns, nginx and moto up in {took:.1f} s\n")
        yield site


def stopped(process):
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # gunicorn's quick stop: the test is over
    process.wait(timeout=30)


class Desk:
    """An editor's browser on one server: the session the test logged in, and the CSRF cookie
    the admin sets (kept by hand: the production cookies are Secure, and this is plain http)."""

    def __init__(self, base: str, user):
        self.base = base
        browser = Client()
        browser.force_login(user)
        self.cookies = {"sessionid": browser.cookies["sessionid"].value}

    def send(self, method: str, path: str, **kwargs) -> requests.Response:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(
            method, self.base + path, headers={"Cookie": cookie}, allow_redirects=False,
            timeout=30, **kwargs,
        )  # fmt: skip
        self.cookies.update(response.cookies.get_dict())
        return response

    def change(self, article, files=None, **fields) -> requests.Response:
        """The article's change form as it stands, with these fields (a button: `_schedule`)."""
        path = reverse("admin:articles_article_change", args=[article.pk])
        page = self.send("GET", path)
        assert page.status_code == 200, page.status_code
        data = {**form_data(page, "article_form"), **fields}
        done = self.send("POST", path, data=data, files=files)
        assert done.status_code == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', done.text)
        return done


def get(url: str) -> requests.Response:
    return requests.get(url, timeout=10, headers={"User-Agent": "Mozilla/5.0 (test reader)"})


def next_minute(at_least: float = 3) -> datetime:
    """The next whole minute at least `at_least` seconds away (the form must reach A before)."""
    soon = timezone.now() + timedelta(seconds=at_least)
    return soon.replace(second=0, microsecond=0) + timedelta(minutes=1)


class Watcher(threading.Thread):
    """A reader asking the proxy for the home page and an article's page until both show it:
    what they showed, with when each request was sent and answered (the wall clock)."""

    def __init__(self, proxy: str, article, minute: datetime):
        super().__init__(daemon=True)
        self.page, self.home = proxy + article.get_absolute_url(), proxy + "/"
        self.title, self.minute = article.title, minute.timestamp()
        self.seen = []  # (sent, answered, page shown, teaser on the home page)
        self.errors = []

    def run(self):
        while time.time() < self.minute + 5:
            sent = time.time()
            try:
                page, home = get(self.page), get(self.home)
            except requests.RequestException as error:
                self.errors.append(repr(error))
                time.sleep(0.02)
                continue
            answered = time.time()
            if page.status_code not in (200, 404) or home.status_code != 200:
                self.errors.append((page.status_code, home.status_code))
            shown = (page.status_code == 200, self.title in home.text)
            self.seen.append((sent, answered, *shown))
            if all(shown):
                return
            # Every half second until a second and a half before the minute, then at once.
            time.sleep(0.5 if time.time() < self.minute - 1.5 else 0.02)

    def shown_early(self) -> list:
        """What a request answered before the minute showed of the article (nothing, rightly)."""
        return [seen for seen in self.seen if seen[1] < self.minute and any(seen[2:])]

    def missing_late(self) -> list:
        """What a request sent a second or more after the minute did not show (nothing)."""
        return [seen for seen in self.seen if seen[0] >= self.minute + 1 and not all(seen[2:])]

    def first_shown(self, which: int) -> float:
        """Seconds from the minute to the answer that first showed it (2: page, 3: teaser)."""
        return next((seen[1] for seen in self.seen if seen[which]), float("inf")) - self.minute


class Reader(threading.Thread):
    """A reader asking for pages the proxy passes to the app (an article's and the home page,
    each with a query of its own, which nginx has not stored) as fast as they come, until told
    to stop; what failed, and how many."""

    def __init__(self, proxy: str, article):
        super().__init__(daemon=True)
        self.urls = [proxy + article.get_absolute_url() + "?reader={}", proxy + "/?reader={}"]
        self.done = threading.Event()
        self.count = 0
        self.errors = []

    def run(self):
        while not self.done.is_set():
            url = self.urls[self.count % 2].format(self.count)
            try:
                status = get(url).status_code
            except requests.RequestException as error:
                status = repr(error)
            if status != 200:
                self.errors.append((url, status))
            self.count += 1

    def wait_for(self, count: int, seconds: float = 30) -> None:
        """Until it has asked `count` times (at most `seconds`)."""
        deadline = time.monotonic() + seconds
        while self.count < count:
            assert time.monotonic() < deadline and self.is_alive(), self.count
            time.sleep(0.01)


def photo_bytes() -> bytes:
    return make_photo("현장.jpg").read()


def test_two_app_servers_behind_nginx_share_the_paper(site):
    desk_user = make_editor()
    draft = {"status": Article.Status.DRAFT, "publish_at": None}
    scheduled = make_article(title="정각에 나갈 예약 기사", **draft)
    with_photo = make_article(title="사진 올리고 내릴 기사")
    staying = make_article(title="계속 읽히는 기사")
    desk = Desk(site.a.url, desk_user)

    # 1. Scheduled through A for the next minute; a reader watches the proxy meanwhile.
    minute = next_minute()
    local = timezone.localtime(minute)
    when = {"publish_at_0": f"{local:%Y-%m-%d}", "publish_at_1": f"{local:%H:%M:%S}"}
    desk.change(scheduled, **when, _schedule="예약")
    watcher = Watcher(site.proxy, scheduled, minute)
    watcher.start()

    # 2. A lead photo uploaded through A: B's page of the article loads it from the bucket.
    desk.change(with_photo, files={"photo": ("현장.jpg", photo_bytes(), "image/jpeg")})
    page = get(site.b.url + with_photo.get_absolute_url())  # built by B, not A's cached copy
    assert page.status_code == 200
    photos = set(re.findall(re.escape(site.s3.media_url) + r"photos/[^\"\s,]+", page.text))
    assert photos, "no photo from the bucket on B's page"
    for url in photos:  # the photo and its smaller copies
        loaded = get(url)
        assert loaded.status_code == 200 and loaded.headers["Content-Type"].startswith("image/")
        assert Image.open(BytesIO(loaded.content)).width > 0
    for server in (site.a, site.b):  # nothing on either server's own disk
        assert [p for p in server.folders() if p.is_file()] == []

    # 3. A takedown through A: through the proxy, its page 404 and its teaser gone within 1 s.
    home, page = site.proxy + "/", site.proxy + with_photo.get_absolute_url()
    assert with_photo.title in get(home).text and get(page).status_code == 200
    assert "HIT" in {get(home).headers["X-Cache"] for _ in range(5)}  # the proxy keeps the home
    get(page)  # and the article's page, if it may
    desk.change(with_photo, _unpublish="게재 취소")
    committed = time.monotonic()
    while get(page).status_code != 404 or with_photo.title in get(home).text:
        # nginx's entries run out on their whole second (a little more for its clock)
        assert time.monotonic() - committed < 1.02, "the proxy kept a taken-down article"
        time.sleep(0.01)
    gone_after = time.monotonic() - committed

    # 4. A stopped gracefully while a reader keeps asking: B answers everything.
    reader = Reader(site.proxy, staying)
    reader.start()
    reader.wait_for(20)
    before = reader.count
    stopping = time.monotonic()
    site.a.stop()
    stopped_after = time.monotonic() - stopping
    during = reader.count - before
    reader.wait_for(reader.count + 20)  # and after, B alone
    reader.done.set()
    reader.join(timeout=15)
    assert reader.errors == []
    assert get(site.proxy + staying.get_absolute_url()).status_code == 200
    # What nginx did with the requests A dropped as it stopped: passed them on to B.
    log = (site.nginx.root.parent / "log" / "newsroom.error.log").read_text().splitlines()
    retried = [line for line in log if "[error]" in line and "upstream" in line]

    # 1, on its minute: never before it, through the proxy within a second of it (B alone now).
    watcher.join(timeout=max(0, minute.timestamp() + 10 - time.time()))
    assert watcher.errors == []
    assert watcher.shown_early() == [] and watcher.missing_late() == []
    page_after, home_after = watcher.first_shown(2), watcher.first_shown(3)
    assert page_after < 10 and home_after < 10, "never shown"
    sys.stdout.write(
        f"scheduled: its page through the proxy {page_after:.2f} s after its minute, its teaser"
        f" {home_after:.2f} s ({len(watcher.seen)} looks); the takedown's teaser gone"
        f" {gone_after:.3f} s after; A stopped in {stopped_after:.2f} s while a reader asked"
        f" {reader.count} times ({before} before, {during} during), all answered; nginx passed"
        f" {len(retried)} that A dropped on to B\n"
    )
