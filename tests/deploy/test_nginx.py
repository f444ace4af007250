"""deploy/nginx/newsroom.conf, run by nginx: what its cache stores, for whom, and for how long.

An upstream of our own stands in for gunicorn here, answering each path with the headers under
test and counting what reaches it; test_takedown.py puts the real app behind it.
"""

import gzip
import threading
import time
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from tests.deploy import nginx

pytestmark = pytest.mark.skipif(
    not nginx.available(), reason="nginx가 없습니다 (apt-get install nginx-light; .ci/run이 설치)"
)

PUBLIC = "public, max-age=59, s-maxage=1"
ANSWERS = {  # path: the upstream's headers
    "/page/": {"Cache-Control": PUBLIC},
    "/cookie/": {"Cache-Control": PUBLIC, "Set-Cookie": "csrftoken=abc; Path=/"},
    "/private/": {"Cache-Control": "private"},
    "/no-store/": {"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private"},
    "/silent/": {},
    "/articles/7/": {"Cache-Control": "public, max-age=59, s-maxage=30"},
    "/long/": {"Cache-Control": "public, max-age=59, s-maxage=30"},
    "/admin/": {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "private"},
}


class Upstream(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.hits = Counter()
        self.seen = []  # the headers of each request that reached it
        self.heads = []  # the paths of HEAD requests that reached it as HEAD
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.hits[self.path] += 1
        self.server.seen.append(dict(self.headers))
        body = f"{self.path} #{self.server.hits[self.path]}".encode() * 50
        self.send_response(200)
        # As the app does (newsroom.logs): the id it was given, on its answer.
        headers = {
            "Content-Type": "text/plain; charset=utf-8",
            "X-Request-ID": self.headers["X-Request-ID"],
        }
        headers.update(ANSWERS.get(urlsplit(self.path).path, {}))
        if self.path == "/burst/":  # as the app's page cache answers (newsroom.pagecache)
            headers["Cache-Control"] = PUBLIC
            headers["X-Accel-Expires"] = f"@{int(time.time())}"
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.server.heads.append(self.path)
        self.send_response(200)
        for name, value in ANSWERS.get(urlsplit(self.path).path, {}).items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    upstream = Upstream()
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    port = nginx.free_port()
    folder = tmp_path_factory.mktemp("nginx")
    with nginx.Nginx(folder, port=port, upstream=upstream.server_port) as server:
        upstream.root = server.root
        yield f"http://127.0.0.1:{port}", upstream
    upstream.shutdown()


def site_root(site):
    return site[1].root


def get(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
        return r.read().decode(), r.headers


def test_the_site_file_passes_nginx_t(tmp_path):
    done = nginx.check(nginx.lay_out(tmp_path, port=nginx.free_port(), upstream=nginx.free_port()))
    assert done.returncode == 0, done.stderr


def test_a_public_page_is_answered_from_the_cache_for_its_s_maxage(site):
    base, upstream = site
    body, headers = get(base + "/long/")
    assert headers["X-Cache"] == "MISS"
    for _ in range(5):
        again, headers = get(base + "/long/")
        assert (again, headers["X-Cache"]) == (body, "HIT")
    assert upstream.hits["/long/"] == 1
    assert headers["Cache-Control"] == "public, max-age=59, s-maxage=30"  # browsers told as is


def test_an_entry_runs_out_after_its_s_maxage(site):
    base, upstream = site
    first, _ = get(base + "/page/")
    deadline = time.monotonic() + 3
    while get(base + "/page/")[0] == first:  # s-maxage=1: gone within the next whole second
        assert time.monotonic() < deadline, "the proxy kept a page past its s-maxage"
        time.sleep(0.05)  # nginx runs on the wall clock: poll it
    assert upstream.hits["/page/"] == 2


@pytest.mark.parametrize("path", ["/cookie/", "/private/", "/no-store/", "/silent/"])
def test_never_stored(site, path):
    base, upstream = site
    bodies = {get(base + path)[0] for _ in range(3)}
    assert len(bodies) == 3 and upstream.hits[path] == 3
    assert get(base + path)[1]["X-Cache"] == "MISS"


def test_article_pages_are_stored_like_any_page(site):
    """Their views are counted by a beacon (POST, never stored), not by the page's GET."""
    base, upstream = site
    assert get(base + "/articles/7/")[1]["X-Cache"] == "MISS"
    for _ in range(3):
        assert get(base + "/articles/7/")[1]["X-Cache"] == "HIT"
    assert upstream.hits["/articles/7/"] == 1


@pytest.mark.parametrize("cookie", ["sessionid=abc", "newsroom_staff=1:xyz", "a=1; sessionid=x"])
def test_a_signed_in_browser_is_never_answered_from_the_cache_nor_stored(site, cookie):
    base, upstream = site
    path = f"/long/?who={len(upstream.seen)}"  # a page of its own, public for 30 s
    before = upstream.hits[path]
    _, headers = get(base + path, Cookie=cookie)
    assert headers["X-Cache"] == "BYPASS" and upstream.hits[path] == before + 1
    _, headers = get(base + path, Cookie=cookie)  # not answered from the cache
    assert headers["X-Cache"] == "BYPASS" and upstream.hits[path] == before + 2
    assert get(base + path)[1]["X-Cache"] == "MISS"  # and nothing it got was stored
    assert get(base + path)[1]["X-Cache"] == "HIT"  # (what a reader gets is)


def test_readers_with_other_cookies_share_the_cache(site):
    base, upstream = site
    get(base + "/long/?csrf")
    assert get(base + "/long/?csrf", Cookie="csrftoken=abc")[1]["X-Cache"] == "HIT"


def test_the_app_is_told_who_asked(site):
    base, upstream = site
    get(base + "/silent/?who", **{"X-Request-ID": "made-up", "X-Forwarded-For": "6.6.6.6"})
    sent = upstream.seen[-1]
    assert sent["X-Forwarded-Proto"] == "http" and sent["Host"] == "127.0.0.1"
    assert sent["X-Forwarded-For"] == "6.6.6.6, 127.0.0.1"  # the proxy's own address last
    assert len(sent["X-Request-ID"]) == 32 and sent["X-Request-ID"] != "made-up"


def test_each_answer_carries_its_own_request_id_cached_or_not(site):
    base, upstream = site
    _, first = get(base + "/long/?id")
    assert first["X-Request-ID"] == upstream.seen[-1]["X-Request-ID"]  # the app logged it
    _, again = get(base + "/long/?id")
    assert again["X-Cache"] == "HIT" and again["X-Request-ID"] != first["X-Request-ID"]
    assert len(again["X-Request-ID"]) == 32 and again.get_all("X-Request-ID") == [
        again["X-Request-ID"]
    ]


@pytest.mark.parametrize(
    "path, size, allowed",
    [
        ("/upload/", 12, True),  # a phone photo
        ("/upload/", 21, False),
        ("/report/", 46, True),  # a tip's three files of 15 MB
        ("/report/", 51, False),
    ],
)
def test_a_phone_photo_gets_through_and_a_huge_body_does_not(site, path, size, allowed):
    base, _ = site
    request = urllib.request.Request(base + path, data=b"x" * size * 1024 * 1024, method="POST")
    try:
        urllib.request.urlopen(request, timeout=10)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    assert (status != 413) == allowed, (path, size, status)


def test_the_app_s_html_is_never_compressed_by_nginx(site):
    base, _ = site
    _, headers = get(base + "/admin/", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Type"].startswith("text/html") and "Content-Encoding" not in headers


def test_static_files_hashed_for_a_year_others_for_an_hour_gzipped(site):
    base, _ = site
    static = site_root(site) / "staticfiles"
    (static / "css").mkdir(exist_ok=True)
    css = b"body { color: black; }\n" * 100
    for name in ("site.css", "site.0123456789ab.css"):
        (static / "css" / name).write_bytes(css)
        (static / "css" / f"{name}.gz").write_bytes(gzip.compress(css))
    request = urllib.request.Request(base + "/static/css/site.0123456789ab.css")
    request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert gzip.decompress(response.read()) == css
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    _, headers = get(base + "/static/css/site.css")
    assert headers["Cache-Control"] == "max-age=3600" and headers["X-Content-Type-Options"]


def test_a_head_reaches_the_app_as_head_and_is_never_served_to_a_get(site):
    base, upstream = site
    request = urllib.request.Request(base + "/articles/7/?head", method="HEAD")
    urllib.request.urlopen(request, timeout=5).close()
    assert upstream.heads == ["/articles/7/?head"]  # the app answers it as a HEAD
    request = urllib.request.Request(base + "/long/?head", method="HEAD")
    urllib.request.urlopen(request, timeout=5).close()
    body, headers = get(base + "/long/?head")
    assert body.startswith("/long/?head #1") and headers["X-Cache"] == "MISS"


def test_a_burst_on_one_page_reaches_the_app_once_a_second_per_reader_at_most(site):
    base, upstream = site
    started = time.monotonic()

    def reader():
        for _ in range(150):
            get(base + "/burst/")

    readers = [threading.Thread(target=reader) for _ in range(8)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    seconds = time.monotonic() - started
    # 1,200 requests. Each whole second they span, the entry runs out once, and the readers that
    # ask while the app answers all reach it (nginx's lock holds back only a new entry's): at
    # most the 8 readers a second.
    assert upstream.hits["/burst/"] <= 8 * (int(seconds) + 2), (upstream.hits["/burst/"], seconds)
