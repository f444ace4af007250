from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SiteSettings
from tests.factories import make_article, make_reporter, make_section

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# With a fraction of a second, which sitemaps leave out.
NOW = timezone.make_aware(datetime(2024, 7, 30, 12, 0, 0, 500000))


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def sitemap(client, section):
    url = reverse("sitemap-section", kwargs={"section": section})
    return {
        url.findtext("sm:loc", namespaces=NS): url
        for url in parse(client.get(url)).findall("sm:url", NS)
    }


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


@time_machine.travel(NOW, tick=False)
class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = make_section(name="행정", slug="admin")
        cls.culture = make_section(name="문화", slug="culture")
        make_section(name="숨은 섹션", slug="hidden", active=False)
        reporter = make_reporter()
        cls.fresh = make_article(
            title="A&B <새> 소식",
            section=cls.admin,
            reporter=reporter,
            publish_at=NOW - timedelta(hours=47, minutes=59),
        )
        cls.old = make_article(
            title="사흘 전 기사",
            section=cls.culture,
            reporter=reporter,
            publish_at=NOW - timedelta(hours=48, minutes=1),
        )
        with time_machine.travel(NOW - timedelta(hours=1), tick=False):
            cls.old = Article.objects.get(pk=cls.old.pk)
            cls.old.title = "사흘 전 기사 (고침)"
            cls.old.save()
        cls.hidden = [
            make_article(
                title=f"숨은 기사 {status}",
                status=status,
                publish_at=NOW + timedelta(minutes=minutes),
                section=cls.admin,
                reporter=reporter,
            )
            for status, minutes in [
                (Article.Status.DRAFT, -5),
                (Article.Status.REVIEW, -5),
                (Article.Status.PUBLISHED, 30),
            ]
        ]

    def test_the_index_lists_every_sitemap(self):
        root = parse(self.client.get(reverse("sitemap-index")))
        self.assertEqual(root.tag, f"{{{NS['sm']}}}sitemapindex")
        locations = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
        self.assertEqual(
            locations,
            [
                f"http://testserver/sitemap-{name}.xml"
                for name in ("pages", "sections", "articles", "news")
            ],
        )

    def test_sections_sitemap_lists_active_sections_with_their_newest_article(self):
        urls = sitemap(self.client, "sections")
        self.assertEqual(
            set(urls), {"http://testserver/section/admin/", "http://testserver/section/culture/"}
        )
        lastmod = urls["http://testserver/section/admin/"].findtext("sm:lastmod", namespaces=NS)
        self.assertEqual(lastmod, iso(self.fresh.publish_at))

    def test_articles_sitemap_has_every_published_article_and_its_last_edit(self):
        urls = sitemap(self.client, "articles")
        self.assertEqual(
            set(urls),
            {f"http://testserver{a.get_absolute_url()}" for a in (self.fresh, self.old)},
        )
        old = urls[f"http://testserver{self.old.get_absolute_url()}"]
        self.assertEqual(old.findtext("sm:lastmod", namespaces=NS), iso(self.old.revised_at))
        fresh = urls[f"http://testserver{self.fresh.get_absolute_url()}"]
        self.assertEqual(
            fresh.findtext("sm:lastmod", namespaces=NS), iso(self.fresh.first_published_at)
        )

    def test_news_sitemap_has_the_last_48_hours_only(self):
        urls = sitemap(self.client, "news")
        self.assertEqual(list(urls), [f"http://testserver{self.fresh.get_absolute_url()}"])
        news = next(iter(urls.values())).find("news:news", NS)
        self.assertEqual(news.findtext("news:publication/news:name", namespaces=NS), "영등포신문")
        self.assertEqual(news.findtext("news:publication/news:language", namespaces=NS), "ko")
        self.assertEqual(
            news.findtext("news:publication_date", namespaces=NS),
            iso(self.fresh.first_published_at),
        )
        self.assertTrue(news.findtext("news:publication_date", namespaces=NS).endswith("+09:00"))
        self.assertEqual(news.findtext("news:title", namespaces=NS), "A&B <새> 소식")

    def test_news_sitemap_follows_the_clock(self):
        with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
            self.assertEqual(sitemap(self.client, "news"), {})

    def test_no_unpublished_article_appears_anywhere(self):
        for name in ("pages", "sections", "articles", "news"):
            for url in sitemap(self.client, name):
                for article in self.hidden:
                    self.assertNotEqual(url, f"http://testserver{article.get_absolute_url()}")

    def test_home_and_every_article_list_are_listed_with_the_newest_publication(self):
        urls = sitemap(self.client, "pages")
        self.assertEqual(list(urls), ["http://testserver/", "http://testserver/news/"])
        for url in urls.values():
            self.assertEqual(url.findtext("sm:lastmod", namespaces=NS), iso(self.fresh.publish_at))

    def test_an_unknown_sitemap_is_a_404(self):
        url = reverse("sitemap-section", kwargs={"section": "nope"})
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_robots_txt_points_to_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
        lines = response.content.decode().splitlines()
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)
        self.assertIn("Disallow: /admin/", lines)
        self.assertIn("User-agent: *", lines)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
@pytest.mark.parametrize("name", ["index", "pages", "sections", "articles", "news"])
def test_sitemaps_have_a_fixed_query_budget(client, django_assert_num_queries, count, name):
    sections = [make_section(), make_section()]
    reporter = make_reporter()
    for n in range(count):
        make_article(section=sections[n % 2], reporter=reporter)
    SiteSettings.load()
    if name == "index":
        url = reverse("sitemap-index")
    else:
        url = reverse("sitemap-section", kwargs={"section": name})
    # Each +4: the page cache asks when the next scheduled article and front-page edition go live
    # and when a 속보 banner and a banner ad next start or end.
    # The index: each sitemap's lastmod (two index walks for articles and news) and counts.
    budget = {"index": 13, "pages": 5}.get(name, 6)
    with django_assert_num_queries(budget):
        root = parse(client.get(url))
    if name in ("articles", "news"):
        assert len(root.findall("sm:url", NS)) == count
