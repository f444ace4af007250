"""정정·반론보도: at the top of the corrected article's page, above the body, and in its feed
entry, at once for readers of the cached page; the desk's, not reporters'."""

from datetime import date

import pytest
from django.urls import reverse

from articles.models import Correction, SiteSettings
from tests.factories import make_article, make_editor, make_reporter_user

pytestmark = pytest.mark.django_db
NOTICE = "본지는 지난 기사에서 예산을 30억 원으로 보도했으나 3억 원이기에 바로잡습니다."


@pytest.fixture
def article():
    SiteSettings.load()
    return make_article(title="구 예산 보도", body="<p>본문 첫 문단입니다.</p>")


def correct(article, **fields):
    fields = {"kind": Correction.Kind.CORRECTION, "body": f"<p>{NOTICE}</p>", **fields}
    return Correction.objects.create(article=article, published_on=date(2026, 12, 1), **fields)


def test_correction_shows_above_the_body_even_on_a_cached_page(client, article):
    url = article.get_absolute_url()
    assert NOTICE not in client.get(url).content.decode()  # stored without it
    correct(article)
    html = client.get(url).content.decode()
    assert NOTICE in html
    assert "정정보도 <time" in html and "2026.12.01" in html
    assert html.index(NOTICE) < html.index('<div class="article-body">')
    assert html.index("구 예산 보도</h1>") < html.index(NOTICE)


def test_reply_and_follow_up_are_named_as_such(client, article):
    correct(article, kind=Correction.Kind.REPLY, body="<p>반론 내용</p>")
    correct(article, kind=Correction.Kind.FOLLOW_UP, body="<p>추후 내용</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "반론보도 <time" in html and "추후보도 <time" in html


def test_correction_is_in_the_articles_feed_entry_even_on_a_cached_feed(client, article):
    other = make_article(title="다른 기사")
    assert NOTICE not in client.get(reverse("articles:rss")).content.decode()
    correct(article)
    xml = client.get(reverse("articles:rss")).content.decode()
    item = xml[xml.index("<title>구 예산 보도</title>") :]
    item = item[: item.index("</item>")]
    assert "[정정보도 2026.12.01]" in item and NOTICE in item
    other_item = xml[xml.index(f"<title>{other.title}</title>") :]
    assert NOTICE not in other_item[: other_item.index("</item>")]


def test_correction_text_is_sanitized(client, article):
    correction = correct(article, body='<p onclick="x()">정정<script>alert(1)</script></p>')
    assert correction.body == "<p>정정</p>"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "alert(1)" not in html and "onclick" not in html


def test_only_the_desk_attaches_corrections(client, article):
    user, _ = make_reporter_user()
    client.force_login(user)
    assert client.get(reverse("admin:articles_correction_add")).status_code == 403
    client.force_login(make_editor())
    response = client.post(
        reverse("admin:articles_correction_add"),
        {"article": article.pk, "kind": "reply", "published_on": "2026-12-02", "body": "반론"},
    )
    assert response.status_code == 302
    assert Correction.objects.get().get_kind_display() == "반론보도"
