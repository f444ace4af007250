from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.models import Article, SiteSettings
from tests.factories import make_article, make_photo, make_reporter, make_section

RSS = reverse("articles:rss")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def as_html(fragment):
    """What a reader that renders the text as HTML makes of it: (elements, shown text)."""
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser.tags, parser.text


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


class LatestFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="행정", slug="admin")
        cls.reporter = make_reporter(name="이천용", title="선임기자", email="lee@example.com")
        cls.article = make_article(
            title="영등포구, 안양천 산책로 새로 단장",
            summary="총 3.2km 구간에 야간 조명을 설치한다.",
            section=cls.section,
            reporter=cls.reporter,
            photo=make_photo("산책로.jpg"),
            publish_at=timezone.make_aware(datetime(2024, 7, 30, 13, 34, 14)),
        )

    def test_channel_describes_the_paper(self):
        channel = parse(self.client.get(RSS))
        self.assertEqual(channel.findtext("title"), "영등포신문")
        self.assertEqual(channel.findtext("link"), "http://testserver/")
        self.assertEqual(channel.findtext("language"), "ko")

    def test_item_carries_title_link_teaser_author_category_date_and_photo(self):
        item = parse(self.client.get(RSS)).find("item")
        self.assertEqual(item.findtext("title"), "영등포구, 안양천 산책로 새로 단장")
        url = f"http://testserver{self.article.get_absolute_url()}"
        self.assertEqual(item.findtext("link"), url)
        self.assertEqual(item.findtext("guid"), url)
        self.assertEqual(item.findtext("description"), "총 3.2km 구간에 야간 조명을 설치한다.")
        self.assertEqual(item.findtext("author"), "lee@example.com (이천용 선임기자)")
        self.assertEqual(item.findtext("category"), "행정")
        self.assertEqual(item.findtext("pubDate"), "Tue, 30 Jul 2024 13:34:14 +0900")
        self.assertEqual(
            parsedate_to_datetime(item.findtext("pubDate")), self.article.first_published_at
        )
        enclosure = item.find("enclosure")
        self.assertEqual(enclosure.get("url"), f"http://testserver{self.article.photo.url}")
        self.assertEqual(enclosure.get("type"), "image/jpeg")
        self.assertEqual(int(enclosure.get("length")), self.article.photo.size)

    def test_reporter_without_email_is_named_as_creator(self):
        make_article(title="이메일 없는 기자의 기사", reporter=make_reporter(name="박영", email=""))
        item = parse(self.client.get(RSS)).find("item")
        self.assertEqual(item.findtext("{http://purl.org/dc/elements/1.1/}creator"), "박영 기자")
        self.assertIsNone(item.find("author"))
        self.assertIsNone(item.find("enclosure"))

    def test_teaser_markup_and_special_characters_survive_as_text(self):
        make_article(title="A&B <맛집> 소개", body="<p>골목 &amp; 시장 <strong>탐방</strong></p>")
        item = parse(self.client.get(RSS)).find("item")
        # Readers take both as HTML: escaped once for HTML, once more for XML.
        self.assertEqual(item.findtext("title"), "A&amp;B &lt;맛집&gt; 소개")
        self.assertEqual(item.findtext("description"), "골목 &amp; 시장 탐방")
        self.assertEqual(as_html(item.findtext("title")), ([], "A&B <맛집> 소개"))
        self.assertEqual(as_html(item.findtext("description")), ([], "골목 & 시장 탐방"))

    def test_markup_typed_as_text_reaches_feed_readers_as_text(self):
        typed = "<img src=x onerror=alert(1)>"
        now = timezone.now()
        make_article(title=f"제목 {typed}", summary=typed, publish_at=now - timedelta(minutes=1))
        shown_as_text = "<p>&lt;script&gt;alert(1)&lt;/script&gt; 본문</p>"  # text on the page
        make_article(title="본문 기사", body=shown_as_text, publish_at=now)
        body_item, summary_item = parse(self.client.get(RSS)).findall("item")[:2]
        self.assertEqual(summary_item.findtext("description"), "&lt;img src=x onerror=alert(1)&gt;")
        self.assertEqual(as_html(summary_item.findtext("description")), ([], typed))
        self.assertEqual(as_html(summary_item.findtext("title")), ([], f"제목 {typed}"))
        self.assertEqual(
            as_html(body_item.findtext("description")), ([], "<script>alert(1)</script> 본문")
        )

    def test_unpublished_articles_never_appear(self):
        for status, minutes in [
            (Article.Status.DRAFT, -5),
            (Article.Status.REVIEW, -5),
            (Article.Status.PUBLISHED, 30),
        ]:
            make_article(
                title=f"숨은 기사 {status}",
                status=status,
                publish_at=timezone.now() + timedelta(minutes=minutes),
                section=self.section,
            )
        for url in (RSS, reverse("articles:rss-section", kwargs={"slug": "admin"})):
            self.assertNotIn("숨은 기사", self.client.get(url).content.decode())


class FeedLengthAndSectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = make_section(name="행정", slug="admin")
        cls.culture = make_section(name="문화", slug="culture")
        reporter = make_reporter()
        now = timezone.now()
        for n in range(FEED_LENGTH + 5):
            make_article(
                title=f"기사 {n}",
                section=cls.admin if n % 5 else cls.culture,
                reporter=reporter,
                publish_at=now - timedelta(minutes=n),
            )

    def test_the_latest_50_newest_first(self):
        items = parse(self.client.get(RSS)).findall("item")
        self.assertEqual(len(items), 50)
        self.assertEqual([i.findtext("title") for i in items[:3]], ["기사 0", "기사 1", "기사 2"])
        dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_a_section_feed_holds_only_that_section(self):
        url = reverse("articles:rss-section", kwargs={"slug": "culture"})
        channel = parse(self.client.get(url))
        self.assertEqual(channel.findtext("title"), "영등포신문 문화")
        self.assertEqual(channel.findtext("link"), "http://testserver/section/culture/")
        categories = {item.findtext("category") for item in channel.findall("item")}
        self.assertEqual(categories, {"문화"})
        self.assertEqual(len(channel.findall("item")), 11)

    def test_an_unknown_or_hidden_section_feed_is_a_404(self):
        make_section(slug="hidden", active=False)
        for slug in ("nope", "hidden"):
            url = reverse("articles:rss-section", kwargs={"slug": slug})
            self.assertEqual(self.client.get(url).status_code, 404)


@pytest.mark.parametrize("path", ["/data/rss/news.xml", "/rss/allArticle.xml"])
def test_legacy_rss_paths_redirect_permanently(client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == "/rss/"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize("section", [None, "admin"])
def test_feeds_have_a_fixed_query_budget(client, django_assert_num_queries, count, section):
    sections = [make_section(slug="admin"), make_section(slug="culture")]
    reporter = make_reporter()
    for n in range(count):
        make_article(section=sections[n % 2], reporter=reporter)
    SiteSettings.load()
    url = reverse("articles:rss-section", kwargs={"slug": section}) if section else RSS
    # 1 feed query and its items' corrections (+1 for the section), +4 for the page cache's
    # lookups of the next scheduled article, front-page edition, 속보 and banner ad start or end.
    with django_assert_num_queries(7 if section else 6):
        response = client.get(url)
    expected = min(FEED_LENGTH, (count + 1) // 2 if section else count)
    assert len(parse(response).findall("item")) == expected
