"""Which reads may go to the replica (newsroom.replica, pagecache.settled): the decision, on
any database. tests/newsroom/test_replica_standby.py shows it against a real standby."""

import importlib.util
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, router
from django.urls import reverse

from articles.models import Article, SiteSettings
from newsroom import pagecache, replica
from newsroom.replica import ReplicaRouter
from tests.factories import make_article, make_editor
from tests.newsroom.test_pagecache import READER, staff_login
from tests.tips.helpers import tip_data

ROOT = Path(__file__).resolve().parents[2]


def load_settings(monkeypatch, **env):
    """newsroom/settings.py read afresh with this environment (not Django's settings)."""
    for name in ("DATABASE_REPLICA_URL", "REPLICA_MAX_LAG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "settings_read_afresh", ROOT / "newsroom" / "settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_a_replica_url_there_is_one_database_and_no_router(monkeypatch):
    plain = load_settings(monkeypatch)
    assert list(plain.DATABASES) == ["default"]
    assert not hasattr(plain, "DATABASE_ROUTERS")  # Django's default: none
    with_replica = load_settings(
        monkeypatch, DATABASE_REPLICA_URL="postgres://reader@10.0.0.2:5432/newsroom"
    )
    assert with_replica.DATABASES["replica"]["HOST"] == "10.0.0.2"
    assert with_replica.DATABASE_ROUTERS == ["newsroom.replica.ReplicaRouter"]
    assert with_replica.REPLICA_MAX_LAG == 10
    if not replica.enabled():  # this run's own settings
        assert router.routers == []


def test_the_router_reads_the_replica_only_when_the_request_allows_it():
    router = ReplicaRouter()
    assert router.db_for_read(Article) == "default"
    with replica.reads(True):
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
        with replica.reads(False):
            assert router.db_for_read(Article) == "default"
    assert router.db_for_read(Article) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary():
    """A test's rows, like a view's own writes, are in a transaction no replica sees."""
    with replica.reads(True):
        assert ReplicaRouter().db_for_read(Article) == "default"


# --- The decision per request, through the page cache -----------------------------------------


@pytest.fixture
def reads(monkeypatch, settings):
    """What each query on the database was allowed: the replica (True) or the primary only. The
    replica is taken as configured and working; without one (SQLite) every query still runs on
    default."""
    monkeypatch.setattr(replica, "enabled", lambda: True)
    monkeypatch.setattr(replica, "failed", lambda: False)  # and working
    settings.REPLICA_MAX_LAG = 10
    SiteSettings.load()
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((replica.allowed(), sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def allowed(reads):
    assert reads, "the request read nothing"
    return {allowed for allowed, _ in reads}


def last_change(seconds_ago):
    cache.set(pagecache.CHANGED, time.time() - seconds_ago, None)


@pytest.mark.django_db
def test_an_anonymous_readers_page_reads_the_replica_once_the_last_change_is_old(client, reads):
    article = make_article(title="복제본에서 읽는 기사")
    last_change(11)
    reads.clear()
    response = client.get(reverse("articles:home"))
    assert "복제본에서 읽는 기사" in response.content.decode()
    assert allowed(reads) == {True}
    reads.clear()
    client.get(article.get_absolute_url(), **READER)  # its page
    assert allowed(reads) == {True}
    reads.clear()
    client.post(reverse("articles:seen", args=[article.pk]), **READER)  # its view, counted
    # Whether it is live, and the counter: on the primary (a lagging standby's live article
    # may have been taken down).
    assert [sql.split()[0] for _, sql in reads] == ["SELECT", "INSERT"]
    assert allowed(reads) == {False}


@pytest.mark.django_db
def test_a_page_built_within_the_lag_of_a_change_reads_the_primary(client, reads):
    make_article()
    assert time.time() - cache.get(pagecache.CHANGED) < 1  # the save is the change
    reads.clear()
    client.get(reverse("articles:home"))
    assert allowed(reads) == {False}
    last_change(9)
    reads.clear()
    client.get(reverse("articles:all"))
    assert allowed(reads) == {False}


@pytest.mark.django_db
def test_an_unknown_last_change_reads_the_primary_and_starts_the_count(client, reads):
    make_article()
    cache.delete(pagecache.CHANGED)  # an emptied cache
    reads.clear()
    client.get(reverse("articles:home"))
    assert allowed(reads) == {False}
    assert time.time() - cache.get(pagecache.CHANGED) < 5  # counted from now


def test_an_unreachable_cache_is_not_asked_again(monkeypatch):
    added = []
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: added.append(args))
    assert not pagecache.settled({})  # what an unreachable Redis answers
    assert added == []
    assert not pagecache.settled({pagecache.CHANGED: "no time"})
    assert not pagecache.settled({"newsroom:v:site": "x"})
    assert len(added) == 2


@pytest.mark.django_db
def test_staff_the_admin_and_posts_read_the_primary(client, reads):
    article = make_article()
    last_change(60)
    staff_login(client, make_editor())
    reads.clear()
    client.get(article.get_absolute_url())
    client.get(reverse("articles:home"))
    client.get(reverse("admin:articles_article_changelist"))
    assert allowed(reads) == {False}
    client.logout()
    reads.clear()
    client.post("/report/", tip_data())  # a reader's tip
    assert allowed(reads) == {False}
