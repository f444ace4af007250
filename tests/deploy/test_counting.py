"""A reader's view is counted when deploy/nginx/newsroom.conf answers the article from its cache:
the page's script posts its beacon through nginx to the app (articles.views.article_seen).

Debian's Chromium (Playwright, as the browser tests drive it) opens an article through nginx in
front of the real app; a reader without script warms the proxy's cache first, and counts nothing.
"""

import os

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import DailyViews
from tests.deploy import nginx
from tests.e2e.conftest import CHROMIUM, FLAGS
from tests.factories import make_article

if not nginx.available():  # as a module: a skipped transactional test would still be flushed
    pytest.skip("nginx가 없습니다 (apt-get install nginx-light)", allow_module_level=True)
if not CHROMIUM.exists():
    pytest.skip("Chromium이 없습니다 (apt-get install chromium)", allow_module_level=True)
pytestmark = pytest.mark.django_db(transaction=True)
# Playwright's sync API runs an event loop in this thread; the test's ORM calls stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A browser's own User-Agent: headless Chromium names itself, and is not counted as a reader.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0"


def views(article):
    return sum(DailyViews.objects.filter(article=article).values_list("views", flat=True))


def test_a_view_the_proxy_answers_from_its_cache_is_counted(
    live_server, tmp_path, settings, playwright
):
    # Long enough for the two page loads below to meet the same entry (1 s in production, where
    # each entry still answers most readers: see bench/run).
    settings.PROXY_CACHE_SECONDS = 30
    upstream = int(live_server.url.rsplit(":", 1)[1])
    port = nginx.free_port()
    article = make_article(title="프록시가 답한 기사")
    server = nginx.Nginx(tmp_path, port=port, upstream=upstream)
    url = f"http://127.0.0.1:{port}{article.get_absolute_url()}"
    beacon = reverse("articles:seen", args=[article.pk])
    # pytest-playwright's own Playwright: one per test session, shared with tests/e2e.
    with server:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            # A reader without script: the proxy stores the page (as this browser asks for it,
            # Accept-Encoding and all), and nothing is counted.
            plain = browser.new_context(user_agent=BROWSER, java_script_enabled=False)
            first = plain.new_page().goto(url)
            assert first.status == 200 and first.headers["x-cache"] == "MISS"
            plain.close()
            assert views(article) == 0

            reader = browser.new_context(user_agent=BROWSER)
            page = reader.new_page()
            with page.expect_response(lambda r: r.url.endswith(beacon)) as sent:
                shown = page.goto(url)
            assert shown.status == 200 and shown.headers["x-cache"] == "HIT"
            assert "프록시가 답한 기사" in page.title()
            assert sent.value.status == 204
            assert sent.value.request.method == "POST"
            reader.close()
            assert views(article) == 1
        finally:
            browser.close()
            # Under Playwright's loop the ORM had a connection of its own: not left open.
            connection.close()
