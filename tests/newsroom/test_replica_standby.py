"""Readers' pages from a real PostgreSQL standby that applies each commit late (.ci/run's
start_standby: streaming, recovery_min_apply_delay 2 s). The desk takes an article down on the
primary; within REPLICA_MAX_LAG the pages rebuilt for readers read the primary and never show
it, though the standby still has it published; after the lag they read the standby again.

The "replica" alias is the standby's copy of the test database: a test MIRROR of default
(newsroom/settings_test.py), so Django never creates or flushes it there and this test sees only
what the standby has replayed of the primary's commits."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, SiteSettings
from articles.services import article_unpublish
from newsroom import pagecache, replica
from tests.articles.test_views import BUDGETS
from tests.factories import make_article, make_editor, make_section

if "replica" not in settings.DATABASES:  # as a module: a skipped transactional test is flushed
    pytest.skip(
        "DATABASE_REPLICA_URL가 없습니다 (.ci/run의 start_standby)", allow_module_level=True
    )
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
PUBLISHED = Article.Status.PUBLISHED


def on_standby(query):
    """`query` on the standby, or None while it cannot answer (the test database not there yet)."""
    try:
        with connections["replica"].cursor() as cursor:
            cursor.execute(*query)
            row = cursor.fetchone()
            return row[0] if row else None
    except OperationalError:
        connections["replica"].close()
        return None


def caught_up():
    """A test of whether the standby has replayed all the primary has written until now."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        now = cursor.fetchone()[0]
    return lambda: on_standby(("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [now]))


def status_on_standby(article):
    return on_standby(("SELECT status FROM articles_article WHERE id = %s", [article.pk]))


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"the standby did not {what} in {seconds} s"
        time.sleep(0.05)  # the standby replays on its own clock: poll it


def test_a_lagging_standby_never_brings_a_taken_down_article_back(
    client, settings, django_assert_num_queries
):
    assert (
        connections["replica"].settings_dict["NAME"] == connections["default"].settings_dict["NAME"]
    )
    wait_for(caught_up(), 30, "get the test database")
    delay_ms = on_standby(
        ("SELECT setting::int FROM pg_settings WHERE name = 'recovery_min_apply_delay'", [])
    )
    if delay_ms < 1000:
        pytest.skip("the standby applies at once: the lag case needs recovery_min_apply_delay")
    delay = delay_ms / 1000
    settings.REPLICA_MAX_LAG = delay + 2  # longer than the standby lags, as in production
    SiteSettings.load()
    section = make_section(name="행정", slug="admin")
    make_article(section=section, title="남는 기사")
    article = make_article(section=section, title="곧 내려갈 기사")
    desk = make_editor()
    wait_for(caught_up(), delay + 15, "get the articles")
    assert status_on_standby(article) == PUBLISHED

    article_unpublish(article=article, by=desk)  # committed on the primary
    with CaptureQueriesContext(connections["replica"]) as standby_reads:
        home = client.get(reverse("articles:home")).content.decode()
        page = client.get(article.get_absolute_url())
        section_page = client.get(section.get_absolute_url()).content.decode()
    assert "남는 기사" in home and "곧 내려갈 기사" not in home
    assert page.status_code == 404 and "곧 내려갈 기사" not in section_page
    assert len(standby_reads) == 0  # rebuilt within the lag: the primary
    # Built from the standby, the same page would still list it (not stored: PAGE_CACHE_SECONDS).
    settings.REPLICA_MAX_LAG, settings.PAGE_CACHE_SECONDS = 0, 0
    assert "곧 내려갈 기사" in client.get(reverse("articles:all")).content.decode()
    settings.REPLICA_MAX_LAG, settings.PAGE_CACHE_SECONDS = delay + 2, 60
    pagecache.forget_kept()  # nor its boxes
    assert status_on_standby(article) == PUBLISHED  # all the while

    # Past the lag, pages read the standby again: it has the takedown by then.
    time.sleep(
        max(0, settings.REPLICA_MAX_LAG - (time.time() - cache.get(pagecache.CHANGED))) + 0.1
    )
    assert status_on_standby(article) != PUBLISHED
    # A page not built yet, in a process that keeps nothing: test_views' budget, but for the
    # paper's settings, which the pages before left in the shared cache (SiteSettings.load).
    on_primary = django_assert_num_queries(0)
    on_replica = django_assert_num_queries(
        BUDGETS["section"] - 1, connection=connections["replica"]
    )
    with on_primary, on_replica:
        section_page = client.get(section.get_absolute_url() + "?page=1")
    assert section_page.status_code == 200
    assert "남는 기사" in section_page.content.decode()
    assert "곧 내려갈 기사" not in section_page.content.decode()
    with CaptureQueriesContext(connections["default"]) as primary_reads:
        assert client.get(article.get_absolute_url()).status_code == 404
    assert len(primary_reads) == 0


def test_a_standby_that_cannot_be_reached_leaves_readers_to_the_primary(settings, monkeypatch):
    client = Client(raise_request_exception=False)  # the first try's error is handled, as live
    monkeypatch.setattr(replica, "_rest_until", 0.0)
    settings.REPLICA_MAX_LAG = 1
    SiteSettings.load()
    make_article(title="복제본이 멈춘 날의 기사")
    client.get(reverse("articles:all"))  # stored, built from the primary within the lag
    cache.set(pagecache.CHANGED, time.time() - 60, None)  # long settled
    standby = connections["replica"]
    standby.close()
    monkeypatch.setitem(standby.settings_dict, "PORT", "9399")  # nothing listens there
    # The view's own queries fail on the standby: the page is built again from the primary.
    home = client.get(reverse("articles:home"))
    assert home.status_code == 200 and "복제본이 멈춘 날의 기사" in home.content.decode()
    assert not replica.usable()  # and this process leaves the standby alone for a while
    assert client.get(reverse("articles:section", args=["none"])).status_code == 404
    # A stored page whose boxes this process no longer keeps: the boxes fail on the standby.
    monkeypatch.setattr(replica, "_rest_until", 0.0)
    pagecache.forget_kept()
    listed = client.get(reverse("articles:all"))
    assert listed.status_code == 200 and "복제본이 멈춘 날의 기사" in listed.content.decode()
    assert not replica.usable()
    standby.close()
