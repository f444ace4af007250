from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from articles.models import Article, RelatedArticle
from articles.related import related_teasers
from newsroom.pagecache import Reading
from tests.factories import make_article, make_reporter, make_section

pytestmark = pytest.mark.django_db


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def desk():
    news, culture = (
        make_section(name="행정", slug="admin"),
        make_section(name="문화", slug="culture"),
    )
    reporter = make_reporter()
    return news, culture, reporter


def related(article, count=4):
    ids = [pk for pk, _ in related_teasers(article, count, Reading.now())]
    return [Article.objects.get(pk=pk) for pk in ids]


def test_desk_picks_come_first_in_their_order(desk):
    news, culture, reporter = desk
    article = make_article(section=news, reporter=reporter, publish_at=ago(1))
    first = make_article(section=culture, reporter=reporter, publish_at=ago(500))
    second = make_article(section=culture, reporter=reporter, publish_at=ago(400))
    RelatedArticle.objects.create(article=article, related=second, position=2)
    RelatedArticle.objects.create(article=article, related=first, position=1)
    assert related(article, 2) == [first, second]


def test_too_few_picks_are_filled_from_the_section_then_the_paper(desk):
    news, culture, reporter = desk
    article = make_article(section=news, reporter=reporter, publish_at=ago(10))
    pick = make_article(section=culture, reporter=reporter, publish_at=ago(900))
    RelatedArticle.objects.create(article=article, related=pick)
    same_old = make_article(section=news, reporter=reporter, publish_at=ago(300))
    same_new = make_article(section=news, reporter=reporter, publish_at=ago(200))
    paper_newest = make_article(section=culture, reporter=reporter, publish_at=ago(5))
    make_article(section=culture, reporter=reporter, publish_at=ago(1000))
    assert related(article) == [pick, same_new, same_old, paper_newest]


def test_never_itself_never_twice_and_never_unpublished(desk):
    news, _, reporter = desk
    article = make_article(section=news, reporter=reporter, publish_at=ago(1))
    live = make_article(section=news, reporter=reporter, publish_at=ago(2))
    draft = make_article(section=news, reporter=reporter, status=Article.Status.DRAFT)
    scheduled = make_article(section=news, reporter=reporter, publish_at=ago(-60))
    for position, other in enumerate([live, draft, scheduled]):
        RelatedArticle.objects.create(article=article, related=other, position=position)
    assert related(article) == [live]


def test_fill_skips_articles_the_desk_already_picked(desk):
    news, _, reporter = desk
    article = make_article(section=news, reporter=reporter, publish_at=ago(1))
    newest = make_article(section=news, reporter=reporter, publish_at=ago(2))
    older = make_article(section=news, reporter=reporter, publish_at=ago(3))
    RelatedArticle.objects.create(article=article, related=older)
    assert related(article, 3) == [older, newest]


@pytest.mark.parametrize("count", [3, 60])
def test_related_box_costs_four_queries_then_one(desk, count, django_assert_num_queries):
    news, culture, reporter = desk
    for n in range(count):
        make_article(section=[news, culture][n % 2], reporter=reporter)
    first, second = Article.objects.published().filter(section=news)[:2]
    for other in Article.objects.exclude(pk=first.pk)[:2]:
        RelatedArticle.objects.create(article=first, related=other)
    # How long the fill may be kept (the next scheduled article, front-page edition, 속보 and
    # banner ad start or end); the picks; the fill.
    with django_assert_num_queries(6):
        reading = Reading.now()
        assert len(related_teasers(first, 4, reading)) == min(4, count - 1)
    with django_assert_num_queries(1):  # another article of the section: its picks only
        assert len(related_teasers(second, 4, reading)) == min(4, count - 1)


def test_the_kept_fill_never_outlives_a_scheduled_publication(desk):
    news, _, reporter = desk
    article = make_article(section=news, reporter=reporter, publish_at=ago(10))
    older = make_article(section=news, reporter=reporter, publish_at=ago(20))
    soon = make_article(section=news, reporter=reporter, publish_at=ago(-1))
    assert related(article, 2) == [older]
    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=1), tick=False):
        assert related(article, 2) == [soon, older]


def test_teasers_on_the_article_page_show_headline_lead_and_photo(client, desk):
    news, _, reporter = desk
    article = make_article(section=news, reporter=reporter)
    other = make_article(
        section=news,
        reporter=reporter,
        title="문래동 골목 축제",
        body="<p>" + "문래동 철공소 골목에서 주말마다 작은 축제가 열린다. " * 20 + "</p>",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    box = html[html.index("관련기사") :]
    url = other.get_absolute_url()
    link = f'<h3 class="teaser-title"><a href="{url}">문래동 골목 축제</a></h3>'
    assert link in box
    assert other.teaser() in box
    assert other.teaser().endswith("…") and len(other.teaser()) <= 201


def test_every_article_page_gets_a_full_box_without_itself(client, desk):
    news, culture, reporter = desk
    articles = [make_article(section=news, reporter=reporter, publish_at=ago(n)) for n in range(8)]
    make_article(section=culture, reporter=reporter, publish_at=ago(100))
    picked = articles[-1]
    RelatedArticle.objects.create(article=picked, related=articles[-2], position=1)
    boxes = {}
    for article in articles:
        html = client.get(article.get_absolute_url()).content.decode()
        box = html[html.index('id="related-title"') :]
        links = box.count('class="teaser-title"')
        assert links == settings.RELATED_ARTICLES_COUNT, article.title
        assert f'href="{article.get_absolute_url()}"' not in box, article.title
        boxes[article.pk] = box[: box.index("</section>")]
    # Below the section's newest and without picks: the same box for every article.
    usual = [boxes[a.pk] for a in articles[settings.RELATED_ARTICLES_COUNT + 1 : -1]]
    assert len(usual) == 2 and usual[0] == usual[1]
    assert boxes[picked.pk] != usual[0]
    assert boxes[picked.pk].index(articles[-2].title) < boxes[picked.pk].index(articles[0].title)
