"""속보: the banner readers see over every page, from its save until its end, only while its
article is live, with the page cache on (a cold box, never a cold page)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, SiteSettings
from breaking.models import Breaking
from tests.factories import make_article, make_editor, make_reporter_user, make_section

pytestmark = pytest.mark.django_db
BANNER = "구청 앞 도로 전면 통제"


@pytest.fixture
def paper():
    SiteSettings.load()
    section = make_section(name="행정", slug="admin-news")
    return make_article(section=section, title="구청 화재 속보"), make_article(section=section)


def raise_banner(article, *, hours=1, **fields):
    now = timezone.now()
    fields = {"text": BANNER, "ends_at": now + timedelta(hours=hours), **fields}
    return Breaking.objects.create(article=article, **fields)


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BANNER in response.content.decode()


def test_banner_shows_on_every_reader_page_from_its_save_until_its_end(client, paper):
    article, other = paper
    pages = [reverse("articles:home"), other.get_absolute_url(), reverse("articles:all")]
    assert not any(shown(client, url) for url in pages)  # stored without a banner
    # Shorter than a box is kept (pagecache.LONGEST_KEPT): its end must be a scheduled change.
    banner = raise_banner(article, ends_at=timezone.now() + timedelta(minutes=2))
    for url in pages:
        html = client.get(url).content.decode()
        assert BANNER in html
        assert f'href="{article.get_absolute_url()}"' in html
    with time_machine.travel(banner.ends_at - timedelta(seconds=1)):
        assert all(shown(client, url) for url in pages)
    with time_machine.travel(banner.ends_at + timedelta(seconds=1)):
        assert not any(shown(client, url) for url in pages)


def test_a_banner_for_later_shows_from_its_start(client, paper):
    article, other = paper
    starts = timezone.now() + timedelta(minutes=2)
    raise_banner(article, starts_at=starts, hours=2)
    assert not shown(client, other.get_absolute_url())
    with time_machine.travel(starts - timedelta(seconds=1)):
        assert not shown(client, other.get_absolute_url())
    with time_machine.travel(starts + timedelta(seconds=1)):
        assert shown(client, other.get_absolute_url())


def test_lowering_takes_it_down_at_once(client, paper):
    article, other = paper
    banner = raise_banner(article)
    assert shown(client, other.get_absolute_url())
    banner.lower()
    assert not shown(client, other.get_absolute_url())


def test_banner_is_hidden_while_its_article_is_scheduled_then_shows_from_its_minute(client, paper):
    _, other = paper
    at = timezone.now() + timedelta(minutes=2)
    scheduled = make_article(title="엠바고 기사", publish_at=at)
    raise_banner(scheduled)
    html = client.get(other.get_absolute_url()).content.decode()
    assert BANNER not in html and scheduled.get_absolute_url() not in html
    with time_machine.travel(at - timedelta(seconds=1)):
        assert not shown(client, other.get_absolute_url())
    with time_machine.travel(at + timedelta(seconds=1)):
        assert shown(client, other.get_absolute_url())


def test_banner_goes_when_its_article_is_unpublished(client, paper):
    article, other = paper
    raise_banner(article)
    assert shown(client, other.get_absolute_url())
    services.article_unpublish(article=article, by=make_editor())
    assert not shown(client, other.get_absolute_url())


def test_raising_it_leaves_an_article_pages_stored_part_alone(
    client, paper, django_assert_num_queries
):
    article, other = paper
    client.get(other.get_absolute_url())  # stored
    raise_banner(article)
    # Served from the stored page: only the page cache's four looks at the next scheduled
    # change (the banner's version is new) and the 속보 box, not the article's part (12 cold).
    with django_assert_num_queries(5):
        response = client.get(other.get_absolute_url())
    assert BANNER in response.content.decode()
    with django_assert_num_queries(0):
        assert shown(client, other.get_absolute_url())


def test_the_newest_banner_wins(client, paper):
    article, other = paper
    raise_banner(article, starts_at=timezone.now() - timedelta(minutes=5))
    Breaking.objects.create(
        article=other, text="두 번째 속보", ends_at=timezone.now() + timedelta(hours=1)
    )
    html = client.get(reverse("articles:home")).content.decode()
    assert "두 번째 속보" in html and BANNER not in html


def test_the_banner_is_a_named_region_with_a_link(client, paper):
    article, other = paper
    raise_banner(article, text="")
    html = client.get(other.get_absolute_url()).content.decode()
    assert 'aria-labelledby="breaking-label"' in html
    assert '<strong class="breaking-label" id="breaking-label">속보</strong>' in html
    assert f">{article.title}</a>" in html  # the headline when the desk wrote no line
    section = re.search(r'<section class="breaking".*?</section>', html, re.S).group(0)
    assert "role=" not in section and "aria-live" not in section  # a link, not an announcement


def test_only_the_desk_raises_it(client, paper):
    article, _ = paper
    user, _ = make_reporter_user()
    client.force_login(user)
    assert client.get(reverse("admin:breaking_breaking_add")).status_code == 403
    client.force_login(make_editor())
    assert client.get(reverse("admin:breaking_breaking_add")).status_code == 200
    now = timezone.localtime()
    ends = now + timedelta(hours=2)
    response = client.post(
        reverse("admin:breaking_breaking_add"),
        {
            "article": article.pk,
            "text": BANNER,
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"),
            "ends_at_0": ends.strftime("%Y-%m-%d"),
            "ends_at_1": ends.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    banner = Breaking.objects.get()
    response = client.post(
        reverse("admin:breaking_breaking_changelist"),
        {"action": "lower", "_selected_action": [banner.pk]},
    )
    assert response.status_code == 302
    banner.refresh_from_db()
    assert banner.ends_at <= timezone.now()
    assert not Breaking.objects.showing().exists()
    assert Article.objects.published().filter(pk=article.pk).exists()
