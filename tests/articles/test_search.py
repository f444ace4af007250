from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SiteSettings
from articles.search import MAX_QUERY_LENGTH, excerpt, highlight, parse_query, search_filter
from tests.factories import make_article, make_reporter, make_section

SEARCH = reverse("articles:search")


def seoul(*args):
    return timezone.make_aware(datetime(*args))


def titles(response):
    return [article.title for article in response.context["page_obj"]]


class QueryParsingTests(SimpleTestCase):
    def test_words_are_split_on_spaces_and_trimmed_of_punctuation(self):
        query = parse_query('  "서울시"  의회,  (예산)  ')
        self.assertEqual(query.terms, ("서울시", "의회", "예산"))
        self.assertEqual(query.text, '"서울시" 의회, (예산)')

    def test_repeated_words_are_searched_once(self):
        self.assertEqual(parse_query("서울 서울 Seoul seoul").terms, ("서울", "Seoul"))

    def test_punctuation_only_gives_no_words(self):
        query = parse_query("?!… ## ...")
        self.assertFalse(query)
        self.assertEqual(query.terms, ())
        self.assertEqual(query.text, "?!… ## ...")

    def test_a_very_long_query_is_cut_at_100_characters(self):
        query = parse_query("가" * 150)
        self.assertTrue(query.truncated)
        self.assertEqual(len(query.text), MAX_QUERY_LENGTH)

    def test_control_characters_are_dropped(self):
        self.assertEqual(parse_query("서울\x00시\u200b청").terms, ("서울시청",))

    def test_missing_query_is_empty(self):
        self.assertFalse(parse_query(None))


class HighlightTests(SimpleTestCase):
    def test_every_occurrence_is_marked_and_the_rest_escaped(self):
        self.assertEqual(
            highlight("<b>서울시</b> & 서울시의회", ["서울시"]),
            "&lt;b&gt;<mark>서울시</mark>&lt;/b&gt; &amp; <mark>서울시</mark>의회",
        )

    def test_marking_ignores_latin_case_and_prefers_the_longer_word(self):
        self.assertEqual(
            highlight("Seoul SEOULITE", ["seoul", "seoulite"]),
            "<mark>Seoul</mark> <mark>SEOULITE</mark>",
        )

    def test_a_term_that_looks_like_markup_is_escaped_too(self):
        self.assertEqual(highlight("a<b>c", ["<b>"]), "a<mark>&lt;b&gt;</mark>c")

    def test_without_terms_text_is_only_escaped(self):
        self.assertEqual(highlight("<i>", []), "&lt;i&gt;")

    def test_excerpt_shows_the_part_of_a_long_text_where_the_word_is(self):
        text = (
            "앞부분 문장입니다. " * 60
            + "안양천 산책로를 새로 단장한다. "
            + "뒷부분 문장입니다. " * 60
        )
        snippet = excerpt(text, ["산책로"], 200)
        self.assertIn("산책로", snippet)
        self.assertTrue(snippet.startswith("…") and snippet.endswith("…"))
        self.assertLessEqual(len(snippet), 202)

    def test_excerpt_is_the_teaser_when_the_word_is_near_the_start(self):
        self.assertEqual(excerpt("산책로 단장 소식", ["산책로"], 200), "산책로 단장 소식")


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = make_section(name="행정", slug="admin")
        cls.culture = make_section(name="문화", slug="culture")
        cls.reporter = make_reporter(name="이천용")
        cls.council = make_article(
            title="서울시의회, 내년 예산안 심사 착수",
            section=cls.admin,
            reporter=cls.reporter,
            publish_at=seoul(2024, 7, 30, 9, 0),
        )
        cls.in_body = make_article(
            title="영등포구 여름 축제",
            body="<p>축제에는 <strong>서울시</strong> 관계자도 참석했다.</p>",
            section=cls.culture,
            reporter=cls.reporter,
            publish_at=seoul(2024, 8, 2, 9, 0),
        )
        cls.in_subtitle = make_article(
            title="안양천 산책로 단장",
            subtitle="서울시 지원으로 조명 설치",
            section=cls.admin,
            reporter=cls.reporter,
            publish_at=seoul(2024, 8, 5, 9, 0),
        )
        cls.unrelated = make_article(title="문래동 골목 축제", section=cls.culture)

    def search(self, **params):
        return self.client.get(SEARCH, params)

    def test_korean_substrings_match_in_title_subtitle_and_body_newest_first(self):
        response = self.search(q="서울시")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            titles(response),
            [self.in_subtitle.title, self.in_body.title, self.council.title],
        )

    def test_every_word_must_match(self):
        self.assertEqual(titles(self.search(q="서울시 예산")), [self.council.title])
        self.assertEqual(titles(self.search(q="서울시 골목")), [])

    def test_latin_words_match_whatever_their_case(self):
        article = make_article(title="Seoul Forum 개막", section=self.admin)
        self.assertEqual(titles(self.search(q="seoul")), [article.title])

    def test_markup_in_the_body_is_not_searched(self):
        photo = '<figure class="photo"><img src="/media/uploads/2024/photo.jpg" alt=""></figure>'
        make_article(title="사진 기사", body=f"<p>본문</p>{photo}", section=self.admin)
        for word in ("strong", "figure", "uploads", "2024", "class"):
            self.assertEqual(titles(self.search(q=word)), [], word)

    def test_text_the_sanitizer_escaped_is_found_as_written(self):
        article = make_article(
            title="기업 지원", body="<p>R&D 예산 5% 늘려</p>", section=self.admin
        )
        self.assertEqual(titles(self.search(q="R&D")), [article.title])

    def test_percent_and_underscore_are_not_wildcards(self):
        self.assertEqual(titles(self.search(q="서_시의회")), [])
        self.assertEqual(titles(self.search(q="서%의회")), [])
        self.assertEqual(titles(self.search(q="서울시의회")), [self.council.title])

    def test_unpublished_articles_are_never_found(self):
        for status, minutes in [
            (Article.Status.DRAFT, -5),
            (Article.Status.REVIEW, -5),
            (Article.Status.PUBLISHED, 30),
        ]:
            make_article(
                title=f"숨은 서울시 기사 {status} {minutes}",
                status=status,
                publish_at=timezone.now() + timedelta(minutes=minutes),
                section=self.admin,
            )
        response = self.search(q="숨은")
        self.assertEqual(titles(response), [])
        self.assertNotContains(response, "숨은 서울시 기사")

    def test_words_are_highlighted_in_title_and_teaser_with_html_escaped(self):
        make_article(
            title="<script>alert(1)</script> 구로구 소식",
            body="<p>구로구 &lt;주민&gt; 설명회</p>",
            section=self.admin,
        )
        response = self.search(q="구로구")
        html = response.content.decode()
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; <mark>구로구</mark> 소식", html)
        self.assertIn("<mark>구로구</mark> &lt;주민&gt; 설명회", html)
        self.assertNotIn("<script>alert(1)", html)

    def test_the_teaser_shows_the_part_of_the_body_with_the_word(self):
        body = (
            "<p>" + "영등포구 소식을 전합니다. " * 40 + "</p><p>끝에 나오는 문래창작촌 이야기.</p>"
        )
        make_article(title="긴 기사", body=body, section=self.admin)
        response = self.search(q="문래창작촌")
        snippet = response.context["page_obj"][0].snippet
        self.assertTrue(snippet.startswith("…"))
        self.assertTrue(snippet.endswith("끝에 나오는 <mark>문래창작촌</mark> 이야기."))
        self.assertContains(response, snippet)

    def test_section_filter(self):
        response = self.search(q="서울시", section="culture")
        self.assertEqual(titles(response), [self.in_body.title])

    def test_date_range_filter_uses_seoul_dates_inclusive(self):
        response = self.search(q="서울시", start="2024-07-30", end="2024-08-02")
        self.assertEqual(titles(response), [self.in_body.title, self.council.title])
        response = self.search(q="서울시", start="2024-08-03")
        self.assertEqual(titles(response), [self.in_subtitle.title])

    def test_bad_filters_are_explained_and_ignored(self):
        response = self.search(q="서울시", section="nope", start="2024-13-45")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(titles(response)), 3)
        self.assertContains(response, "없는 섹션입니다")
        self.assertContains(response, "날짜는 2024-07-30처럼")

    def test_a_reversed_date_range_is_explained_and_ignored(self):
        response = self.search(q="서울시", start="2024-08-05", end="2024-07-01")
        self.assertEqual(len(titles(response)), 3)
        self.assertContains(response, "시작일이 종료일보다 늦습니다.")

    def test_dates_at_the_ends_of_the_calendar_are_explained_and_ignored(self):
        # Year 1 in Seoul is year 0 in UTC, and 9999-12-31 has no next day to end a range at.
        for params in ({"start": "0001-01-01"}, {"end": "9999-12-31"}):
            with self.subTest(**params):
                response = self.search(q="서울시", **params)
                self.assertEqual(len(titles(response)), 3)
                self.assertContains(response, "날짜는 2024-07-30처럼")

    def test_empty_query_gets_a_friendly_page(self):
        for params in ({}, {"q": ""}, {"q": "   "}):
            response = self.search(**params)
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "찾고 싶은 낱말을 입력해 주세요")

    def test_punctuation_only_query_gets_a_friendly_page(self):
        response = self.search(q="!!! ...")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "찾을 낱말이 없습니다")

    def test_a_very_long_query_is_cut_and_said_so(self):
        response = self.search(q="서울시" + "가" * 300)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "앞의 100자만으로 찾았습니다")
        self.assertEqual(len(response.context["query"].text), MAX_QUERY_LENGTH)

    def test_no_results_gets_a_friendly_page(self):
        response = self.search(q="없는낱말")
        self.assertContains(response, "‘없는낱말’에 맞는 기사가 없습니다.")

    def test_search_pages_are_not_indexed(self):
        self.assertContains(
            self.search(q="서울시"), '<meta name="robots" content="noindex, follow">'
        )

    def test_the_masthead_has_a_search_box(self):
        html = self.client.get(reverse("articles:home")).content.decode()
        self.assertIn(f'action="{SEARCH}"', html)
        self.assertIn('name="q"', html)


class SearchPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        section = make_section(slug="admin")
        reporter = make_reporter()
        for n in range(25):
            make_article(title=f"구청 소식 {n}", section=section, reporter=reporter)
        make_article(title="다른 소식", section=section, reporter=reporter)

    def test_pages_keep_the_query_and_filters(self):
        page1 = self.client.get(SEARCH, {"q": "구청", "section": "admin"})
        self.assertEqual(len(page1.context["page_obj"]), 20)
        self.assertContains(
            page1, 'rel="next" href="?q=%EA%B5%AC%EC%B2%AD&amp;section=admin&amp;page=2"'
        )
        page2 = self.client.get(SEARCH, {"q": "구청", "section": "admin", "page": 2})
        self.assertEqual(len(page2.context["page_obj"]), 5)
        self.assertContains(
            page2, 'rel="prev" href="?q=%EA%B5%AC%EC%B2%AD&amp;section=admin&amp;page=1"'
        )

    def test_a_page_out_of_range_is_a_404(self):
        for page in ("3", "0", "abc"):
            response = self.client.get(SEARCH, {"q": "구청", "page": page})
            self.assertEqual(response.status_code, 404, page)


class SearchTextTests(TestCase):
    def test_search_text_follows_edits(self):
        article = make_article(title="처음 제목", body="<p>처음 본문</p>")
        article.title = "고친 제목"
        article.body = "<p>고친 <em>본문</em></p>"
        article.save()
        article.refresh_from_db()
        self.assertEqual(article.search_text, "고친 제목\n\n고친 본문")

    def test_bulk_created_articles_are_searchable(self):
        section, reporter = make_section(), make_reporter()
        Article.objects.bulk_create(
            Article(
                title=f"대량 기사 {n}",
                body="<p>신길동 <b>재개발</b></p>",
                section=section,
                reporter=reporter,
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now(),
                first_published_at=timezone.now(),
            )
            for n in range(3)
        )
        response = self.client.get(SEARCH, {"q": "신길동 재개발"})
        self.assertEqual(response.context["paginator"].count, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_search_page_has_a_fixed_query_budget(client, django_assert_num_queries, count):
    sections = [make_section(slug="admin"), make_section(slug="culture")]
    reporter = make_reporter()
    for n in range(count):
        make_article(title=f"구청 소식 {n}", section=sections[n % 2], reporter=reporter)
    SiteSettings.load()
    # As a section list, + the page cache's four lookups, 속보, banner ads, footer pages.
    with django_assert_num_queries(13):
        response = client.get(SEARCH, {"q": "구청 소식", "section": "admin", "start": "2000-01-01"})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(20, (count + 1) // 2)


@pytest.mark.django_db
def test_on_postgresql_the_search_uses_the_trigram_index():
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    make_article(title="서울시의회 예산 심사")
    # The condition search_filter() writes for each word, on its own so that the tiny test
    # table's other indexes cannot be chosen instead.
    articles = search_filter(Article.objects.all(), parse_query("서울시의회")).order_by()
    sql, params = articles.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_trgm" in plan, plan
