"""The real app behind deploy/nginx/newsroom.conf: the desk takes an article down, and through
nginx its page answers 404 and its teaser leaves the home page within 1 s of the commit, though
the proxy stores both."""

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
        for url in (home, page):
            status, body, headers = fetch(url)
            assert status == 200 and "곧 내려갈 기사" in body
            assert "s-maxage=1" in headers["Cache-Control"]
            cached = {fetch(url)[2]["X-Cache"] for _ in range(5)}
            assert "HIT" in cached, url  # the proxy answers readers itself, articles too

        article_unpublish(article=article, by=make_editor())  # committed: no test transaction
        committed = time.monotonic()
        gone = {}
        while len(gone) < 2:
            asked = time.monotonic() - committed
            if "page" not in gone and fetch(page)[0] == 404:
                gone["page"] = asked
            if "home" not in gone and "곧 내려갈 기사" not in fetch(home)[1]:
                gone["home"] = asked
            # Asked a second after the commit, the proxy must not answer with the old page
            # (a little more for nginx's clock, which moves when it wakes up).
            assert len(gone) == 2 or asked < 1.02, f"the proxy kept a taken-down page: {gone}"
            time.sleep(0.01)  # nginx's entry runs out on the wall clock: poll it
    sys.stdout.write(
        f"through nginx, {gone['page']:.3f} s after the commit the article was a 404, "
        f"{gone['home']:.3f} s after its teaser was gone from the home page\n"
    )
