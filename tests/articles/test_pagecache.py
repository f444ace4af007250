from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, DailyViews, SiteSettings
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone) Safari/604.1"}


@pytest.fixture(autouse=True)
def site():
    return SiteSettings.load()  # created once, as on any running site


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
    article = make_article(title="원래 제목")
    client.force_login(make_editor())
    staff_page = client.get(article.get_absolute_url())
    assert "private" in staff_page["Cache-Control"]
    Article.objects.filter(pk=article.pk).update(title="몰래 바뀐 제목")  # no signal, no bump
    assert "몰래 바뀐 제목" in client.get(article.get_absolute_url()).content.decode()
    client.logout()
    # Nothing the staff member saw was stored: the reader's first visit builds the page.
    assert "몰래 바뀐 제목" in client.get(article.get_absolute_url()).content.decode()


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
