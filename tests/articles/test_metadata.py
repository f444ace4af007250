import json
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article
from newsroom import inline
from tests.factories import make_article, make_photo, make_reporter, make_section


class PageParts(HTMLParser):
    """The parts of a page that search engines and messengers read."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.scripts = {}, {}, []
        self.title, self._in, self.elements = "", None, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content")
        elif tag == "link" and "rel" in attrs:
            self.links[attrs["rel"]] = attrs.get("href")
        elif tag == "script":
            self.scripts.append({**attrs, "text": ""})
            self._in = "script"
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        if tag in ("script", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1]["text"] += data
        elif self._in == "title":
            self.title += data

    def json_ld(self):
        return [
            json.loads(s["text"]) for s in self.scripts if s.get("type") == "application/ld+json"
        ]

    def with_attr(self, name):
        return [attrs for _, attrs in self.elements if name in attrs]


PUBLISHED = timezone.make_aware(datetime(2024, 7, 30, 13, 34, 14, 250000))
EDITED = timezone.make_aware(datetime(2024, 7, 31, 9, 12, 3))


class ArticleMetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="행정", slug="admin")
        cls.reporter = make_reporter(name="이천용", title="기자", email="lee@example.com")
        cls.article = make_article(
            title="영등포구, 안양천 산책로 새로 단장",
            summary="총 3.2km 구간에 야간 조명을 설치한다.",
            section=cls.section,
            reporter=cls.reporter,
            photo=make_photo("walk.jpg"),
            photo_caption="새로 단장한 안양천 산책로",
            publish_at=PUBLISHED,
        )
        with time_machine.travel(EDITED, tick=False):
            cls.article = Article.objects.get(pk=cls.article.pk)
            cls.article.body = "<p>고친 본문</p>"
            cls.article.save()
        cls.url = f"http://testserver{cls.article.get_absolute_url()}"

    def page(self, article=None):
        response = self.client.get((article or self.article).get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return PageParts(response.content.decode())

    def test_canonical_and_description(self):
        page = self.page()
        self.assertEqual(page.links["canonical"], self.url)
        self.assertEqual(page.meta["description"], "총 3.2km 구간에 야간 조명을 설치한다.")
        self.assertEqual(page.title, "영등포구, 안양천 산책로 새로 단장 | 영등포신문")

    def test_description_falls_back_to_the_teaser(self):
        article = make_article(body="<p>요약이 없으면 본문 앞부분이 설명이 된다.</p>")
        self.assertEqual(
            self.page(article).meta["description"], "요약이 없으면 본문 앞부분이 설명이 된다."
        )

    def test_open_graph_tags(self):
        meta = self.page().meta
        self.assertEqual(meta["og:type"], "article")
        self.assertEqual(meta["og:url"], self.url)
        self.assertEqual(meta["og:title"], "영등포구, 안양천 산책로 새로 단장")
        self.assertEqual(meta["og:description"], "총 3.2km 구간에 야간 조명을 설치한다.")
        self.assertEqual(meta["og:site_name"], "영등포신문")
        self.assertEqual(meta["og:locale"], "ko_KR")
        self.assertEqual(meta["og:image"], f"http://testserver{self.article.photo.url}")
        self.assertEqual(meta["og:image:alt"], "새로 단장한 안양천 산책로")
        self.assertEqual(meta["article:published_time"], "2024-07-30T13:34:14+09:00")
        self.assertEqual(meta["article:modified_time"], "2024-07-31T09:12:03+09:00")
        self.assertEqual(meta["article:section"], "행정")
        self.assertEqual(
            meta["article:author"], f"http://testserver{self.reporter.get_absolute_url()}"
        )

    def test_twitter_card_tags(self):
        meta = self.page().meta
        self.assertEqual(meta["twitter:card"], "summary_large_image")
        self.assertEqual(meta["twitter:title"], "영등포구, 안양천 산책로 새로 단장")
        self.assertEqual(meta["twitter:description"], "총 3.2km 구간에 야간 조명을 설치한다.")
        self.assertEqual(meta["twitter:image"], f"http://testserver{self.article.photo.url}")

    def test_without_a_photo_the_paper_logo_stands_in(self):
        meta = self.page(make_article()).meta
        self.assertEqual(meta["og:image"], "http://testserver/static/img/logo.png")
        self.assertEqual(meta["twitter:card"], "summary")

    def test_json_ld_news_article(self):
        (data,) = self.page().json_ld()
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], "영등포구, 안양천 산책로 새로 단장")
        self.assertEqual(data["mainEntityOfPage"], {"@type": "WebPage", "@id": self.url})
        self.assertEqual(data["image"], [f"http://testserver{self.article.photo.url}"])
        self.assertEqual(data["datePublished"], "2024-07-30T13:34:14+09:00")
        self.assertEqual(data["dateModified"], "2024-07-31T09:12:03+09:00")
        self.assertEqual(
            data["author"],
            [
                {
                    "@type": "Person",
                    "name": "이천용",
                    "jobTitle": "기자",
                    "url": f"http://testserver{self.reporter.get_absolute_url()}",
                }
            ],
        )
        publisher = data["publisher"]
        self.assertEqual(publisher["@type"], "NewsMediaOrganization")
        self.assertEqual(publisher["name"], "영등포신문")
        self.assertEqual(
            publisher["logo"],
            {"@type": "ImageObject", "url": "http://testserver/static/img/logo.png"},
        )

    def test_unrevised_article_is_modified_when_published(self):
        article = make_article(publish_at=PUBLISHED)
        page = self.page(article)
        self.assertEqual(page.meta["article:modified_time"], "2024-07-30T13:34:14+09:00")
        self.assertEqual(page.json_ld()[0]["dateModified"], "2024-07-30T13:34:14+09:00")

    def test_a_headline_cannot_break_out_of_the_json_ld_script(self):
        title = '</script><script>alert("x")</script><!-- & "따옴표"'
        article = make_article(title=title, summary="</SCRIPT> 요약")
        html = self.client.get(article.get_absolute_url()).content.decode()
        head = html[: html.index("</head>")]
        self.assertNotIn("<script>alert", head)
        page = PageParts(html)
        (data,) = page.json_ld()
        self.assertEqual(data["headline"], title)
        self.assertEqual(data["description"], "</SCRIPT> 요약")
        self.assertEqual(page.meta["og:title"], title)

    def test_text_shown_on_the_page_stays_text_in_the_description_and_json_ld(self):
        shown = "</script><script>alert(1)</script> <img src=x onerror=alert(1)>"
        body = f"<p>{escape(shown)}</p>"  # shown as text on the page
        article = make_article(title="</script><script>alert(1)</script>", body=body)
        html = self.client.get(article.get_absolute_url()).content.decode()
        head = html[: html.index("</head>")]
        self.assertNotIn("<script>alert", head)
        self.assertNotIn("<img", head)
        page = PageParts(html)
        (data,) = page.json_ld()
        self.assertEqual(data["headline"], "</script><script>alert(1)</script>")
        self.assertEqual(data["description"], shown)
        for name in ("description", "og:description", "twitter:description"):
            self.assertEqual(page.meta[name], shown)

    def test_share_links_need_no_third_party_script(self):
        page = self.page()
        for script in page.scripts:  # our own code, in the page, and the article's data
            self.assertNotIn("src", script)
            if script.get("type") != "application/ld+json":
                self.assertEqual(script["text"], inline.js())
        hrefs = [attrs["href"] for attrs in page.with_attr("href")]
        facebook = next(h for h in hrefs if h.startswith("https://www.facebook.com/sharer/"))
        self.assertEqual(parse_qs(urlsplit(facebook).query), {"u": [self.url]})
        tweet = next(h for h in hrefs if h.startswith("https://twitter.com/intent/tweet"))
        self.assertEqual(
            parse_qs(urlsplit(tweet).query),
            {"url": [self.url], "text": ["영등포구, 안양천 산책로 새로 단장"]},
        )
        for name in ("data-copy-url", "data-share-url"):
            (button,) = page.with_attr(name)
            self.assertEqual(button[name], self.url)

    def test_print_and_type_size_buttons(self):
        page = self.page()
        self.assertEqual(len(page.with_attr("data-print")), 1)
        steps = sorted(attrs["data-font-step"] for attrs in page.with_attr("data-font-step"))
        self.assertEqual(steps, ["-1", "1"])
        self.assertTrue(any("data-font-step" in script["text"] for script in page.scripts))


class ListPageMetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="행정", slug="admin")
        make_article(section=cls.section)

    def test_home_and_section_pages_have_their_own_title_and_description(self):
        home = PageParts(self.client.get(reverse("articles:home")).content.decode())
        section = PageParts(self.client.get(self.section.get_absolute_url()).content.decode())
        self.assertEqual(home.title, "영등포신문")
        self.assertEqual(home.meta["description"], "영등포신문 — 영등포의 내일을 여는 지역신문")
        self.assertEqual(section.title, "행정 | 영등포신문")
        self.assertEqual(section.meta["description"], "영등포신문 행정 기사 목록")

    def test_list_pages_carry_no_article_metadata(self):
        home = PageParts(self.client.get(reverse("articles:home")).content.decode())
        self.assertNotIn("og:type", home.meta)
        self.assertEqual(home.json_ld(), [])
