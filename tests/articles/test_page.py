"""The article page's own query (articles/page.py) against the ORM it stands in for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, RelatedArticle
from articles.page import LEFT_OUT, live_article, live_picks
from tests.factories import make_article, make_reporter, make_section

pytestmark = pytest.mark.django_db


def values(instance, leave_out=()):
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in leave_out
    }


def test_it_finds_exactly_what_readers_may_see():
    now = timezone.now()
    articles = [
        make_article(status=Article.Status.DRAFT),
        make_article(status=Article.Status.REVIEW),
        make_article(publish_at=now + timedelta(minutes=5)),  # scheduled
        make_article(status=Article.Status.DRAFT, publish_at=now - timedelta(days=1)),
        make_article(publish_at=now - timedelta(seconds=1)),
        make_article(),
    ]
    readable = set(Article.objects.published().values_list("pk", flat=True))
    assert len(readable) == 2
    for article in articles:
        found = live_article(article.pk)
        assert (found is not None) == (article.pk in readable), article.get_status_display()
    assert live_article(max(a.pk for a in articles) + 1) is None


def test_it_loads_what_the_orm_loads_in_one_query(django_assert_num_queries):
    section = make_section(name="문화", slug="culture", position=3, active=False)
    reporter = make_reporter(name="김하늘", title="선임기자", email="sky@example.com")
    article = make_article(
        section=section,
        reporter=reporter,
        subtitle="첫 줄\n둘째 줄",
        summary="요약",
        photo_caption="사진 설명",
    )
    article.revised_at = timezone.now()
    article.save()
    expected = Article.objects.select_related("section", "reporter").get(pk=article.pk)
    with django_assert_num_queries(1):
        found = live_article(article.pk)
        assert values(found, LEFT_OUT) == values(expected, LEFT_OUT)
        assert values(found.section) == values(expected.section)
        assert values(found.reporter) == values(expected.reporter)
        assert found.section.active is False
        assert not found.has_picks
    assert found.search_text == expected.search_text  # left out, loaded when asked for


def test_it_tells_whether_the_desk_picked_related_articles():
    article, other = make_article(), make_article()
    RelatedArticle.objects.create(article=article, related=other, position=1)
    assert live_article(article.pk).has_picks
    assert not live_article(other.pk).has_picks


def test_picks_are_the_live_ones_in_the_desks_order_in_one_query(django_assert_num_queries):
    article = make_article()
    now = timezone.now()
    picks = [
        make_article(),
        make_article(status=Article.Status.DRAFT),
        make_article(publish_at=now + timedelta(hours=1)),  # scheduled
        make_article(),
        make_article(),
    ]
    for position, pick in zip([3, 1, 2, 1, 5], picks, strict=True):
        RelatedArticle.objects.create(article=article, related=pick, position=position)
    make_article()  # not picked
    expected = [
        link.related
        for link in RelatedArticle.objects.filter(
            article=article, related__in=Article.objects.published()
        )
        .select_related("related__section", "related__reporter")
        .order_by("position", "pk")
    ]
    assert [a.pk for a in expected] == [picks[3].pk, picks[0].pk, picks[4].pk]
    with django_assert_num_queries(1):
        found = live_picks(article.pk, 4)
        assert [values(a, LEFT_OUT) for a in found] == [values(a, LEFT_OUT) for a in expected]
        assert [values(a.section) for a in found] == [values(a.section) for a in expected]
        assert [values(a.reporter) for a in found] == [values(a.reporter) for a in expected]
    assert [a.pk for a in live_picks(article.pk, 2)] == [picks[3].pk, picks[0].pk]
    assert live_picks(picks[0].pk, 4) == []
