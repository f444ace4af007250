"""The real app behind deploy/nginx/newsroom.conf: the desk takes an article down, and through
nginx its page answers 404 at once and its teaser leaves the home page within 1 s of the commit."""

import sys
import time
import urllib.error
import urllib.request

import pytest

from articles.services import article_unpublish
from tests.deploy import nginx
from tests.factories import make_article, make_editor

if not nginx.available():  # as a module: a skipped transactional test would still be flushed
    pytest.skip("nginx가 없습니다 (apt-get install nginx-light)", allow_module_level=True)
pytestmark = pytest.mark.django_db(transaction=True)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, "", error.headers


def test_a_takedown_answers_404_through_nginx_within_a_second(live_server, tmp_path):
    upstream = int(live_server.url.rsplit(":", 1)[1])
    port = nginx.free_port()
    article = make_article(title="곧 내려갈 기사")
    with nginx.Nginx(tmp_path, port=port, upstream=upstream):
        home = f"http://127.0.0.1:{port}/"
        page = f"http://127.0.0.1:{port}{article.get_absolute_url()}"
        status, body, headers = fetch(home)
        assert status == 200 and "곧 내려갈 기사" in body
        assert "s-maxage=1" in headers["Cache-Control"]
        cached = {fetch(home)[2]["X-Cache"] for _ in range(5)}
        assert "HIT" in cached  # the proxy answers readers itself
        assert fetch(page)[2]["X-Cache"] == "BYPASS"  # views are counted by the app

        article_unpublish(article=article, by=make_editor())  # committed: no test transaction
        committed = time.monotonic()
        assert fetch(page)[0] == 404
        while True:
            asked = time.monotonic() - committed
            if "곧 내려갈 기사" not in fetch(home)[1]:
                break
            # Asked a second after the commit, the proxy must not answer with the old page
            # (a little more for nginx's clock, which moves when it wakes up).
            assert asked < 1.02, "the proxy kept a taken-down teaser"
            time.sleep(0.01)  # nginx's entry runs out on the wall clock: poll it
        gone_after = time.monotonic() - committed
    sys.stdout.write(f"teaser gone from the home page through nginx {gone_after:.3f} s after\n")
