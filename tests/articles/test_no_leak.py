"""Nothing a reader should not see reaches them: one walk over every public URL the site has.

The URLs come from the URLconf itself, so a page, feed or sitemap added later is walked too.
A route with a parameter this test cannot fill makes it fail, asking for the parameter's values.
"""

import re
from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from ads.models import Banner, Position
from articles import services
from articles.models import Article, Correction, DailyViews, RelatedArticle
from breaking.models import Breaking
from frontpage import services as frontpage_services
from frontpage.models import Edition, Slot
from pages.models import Page, PolicyVersion
from tests.factories import make_article, make_banner, make_editor, make_reporter, make_section
from tips.models import Tip

# Not for readers: the admin, the editor's upload endpoints, uploaded media (served by the web
# server in production), and the two staff/holder-only views checked at the end.
SKIPPED_PREFIXES = ("admin/", "ckeditor/", "media/", "^media/", "static/")
HOLDER_ONLY = {"articles:preview", "articles:share"}
MARK = "숨은기사"
SEARCH_WORD = "엠바고낱말"
PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def routes(patterns=None, prefix="", namespace=None):
    """(route text, 'namespace:name', pattern) for every URL pattern, includes flattened."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern


class NoLeakTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        desk = make_editor()
        # Each with its code in the old CMSs' list addresses (articles.legacy).
        cls.section = make_section(
            name="행정", slug="admin-news", mediaon_code="56", ndsoft_code="S1N2"
        )
        cls.hidden_only_section = make_section(
            name="교육", slug="education", mediaon_code="57", ndsoft_code="S2N15"
        )
        cls.reporter = make_reporter(name="이천용")
        cls.hidden_only_reporter = make_reporter(name="박숨김")
        now = timezone.now()
        cls.live = [
            make_article(section=cls.section, reporter=cls.reporter, title=f"공개 기사 {n}")
            for n in range(3)
        ]
        states = {
            "작성중": {"status": Article.Status.DRAFT, "publish_at": None},
            "승인대기": {"status": Article.Status.REVIEW, "publish_at": None},
            "예약": {"status": Article.Status.PUBLISHED, "publish_at": now + timedelta(days=1)},
            "내린기사": {"status": Article.Status.PUBLISHED, "publish_at": now - timedelta(days=1)},
        }
        cls.hidden = []
        for n, (state, fields) in enumerate(states.items()):
            for section, reporter in [
                (cls.section, cls.reporter),
                (cls.hidden_only_section, cls.hidden_only_reporter),
            ]:
                article = make_article(
                    section=section,
                    reporter=reporter,
                    title=f"{MARK} {state} {n}",
                    subtitle=f"{MARK} 부제",
                    summary=f"{MARK} 요약 {SEARCH_WORD}",
                    body=f"<p>{MARK} 본문 {SEARCH_WORD}</p>",
                    **fields,
                )
                if state == "내린기사":
                    services.article_unpublish(article=article, by=desk)
                cls.hidden.append(article)
        today = timezone.localdate()
        for position, article in enumerate(cls.hidden):
            # The desk's picks and the most-read ranking both point at hidden articles.
            RelatedArticle.objects.create(article=cls.live[0], related=article, position=position)
            for days in range(0, 30, 3):
                DailyViews.objects.create(
                    article=article, day=today - timedelta(days=days), views=10_000
                )
        for live in cls.live:
            DailyViews.objects.create(article=live, day=today, views=3)
        # The front page's live edition pins hidden articles in every kind of slot, and a
        # scheduled edition leads with one (frontpage).
        areas = [Slot.Area.TOP, Slot.Area.SUB, Slot.Area.SUB, Slot.Area.SUB, Slot.Area.BOX]
        for at in (None, now + timedelta(hours=1)):
            front = Edition.objects.create(title="1면")
            for position, (area, article) in enumerate(zip(areas, cls.hidden, strict=False)):
                Slot.objects.create(
                    edition=front,
                    area=area,
                    position=position,
                    section=cls.section,
                    article=article,
                )
            frontpage_services.edition_publish(edition=front, at=at, by=desk)
        # A 속보 banner over each hidden article (newer than the live one's), and a correction.
        Breaking.objects.create(
            article=cls.live[1], text="공개 속보", ends_at=now + timedelta(days=2)
        )
        for article in cls.hidden:
            Breaking.objects.create(
                article=article, text=f"{MARK} 속보", ends_at=now + timedelta(days=2)
            )
            Correction.objects.create(article=article, kind="reply", body=f"<p>{MARK} 반론</p>")
        # A reader's tip with its contact and a file (tips): for the desk only.
        tip = Tip.objects.create(text=f"{MARK} 제보", name=f"{MARK} 제보자", email="x@example.com")
        upload = ContentFile(b"%PDF-1.7 " + MARK.encode(), name=f"{MARK}.pdf")
        kind = "application/pdf"
        tip.attachments.create(file=upload, name=f"{MARK}.pdf", content_type=kind, size=9)
        # Banners not live (ended, not yet started) and a network ad's code while that is off.
        make_banner(alt="공개 배너")
        for starts, ends in [(now - timedelta(days=2), now - timedelta(days=1)),
                             (now + timedelta(days=1), now + timedelta(days=2))]:  # fmt: skip
            make_banner(alt=f"{MARK} 배너", name=MARK, starts_at=starts, ends_at=ends)
        Position.objects.filter(code="top").update(allows_network=True)
        make_banner(image="", alt="", link="", network_code=f"<p>{MARK} 네트워크</p>")
        # The paper's pages: a hidden one, and a privacy policy version whose day has not come.
        Page.objects.create(
            title=f"{MARK} 쪽", address="숨긴쪽", shown=False, body=f"<p>{MARK}</p>"
        )
        privacy = Page.objects.create(
            title="개인정보처리방침", address="개인정보처리방침", kind="privacy"
        )
        PolicyVersion.objects.create(page=privacy, effective_on=today, body="<p>지금 방침</p>")
        PolicyVersion.objects.create(
            page=privacy, effective_on=today + timedelta(days=1), body=f"<p>{MARK} 방침</p>"
        )

    def values(self, pattern, route, name):
        """The values to try for one route parameter."""
        if name in ("pk", "id"):
            articles = list(Article.objects.values_list("pk", flat=True))
            reporters = [self.reporter.pk, self.hidden_only_reporter.pk]
            banners = list(Banner.objects.values_list("pk", flat=True))
            return articles + reporters + banners
        if name == "slug":
            return [self.section.slug, self.hidden_only_section.slug]
        if name == "section" and "sitemaps" in pattern.default_args:
            return list(pattern.default_args["sitemaps"])
        if name == "address":
            return list(Page.objects.values_list("address", flat=True))
        if name == "day":
            return sorted(set(PolicyVersion.objects.values_list("effective_on", flat=True)))
        raise AssertionError(
            f"The route {route!r} takes <{name}>, which this test does not know how to fill: "
            "add its values to NoLeakTests.values() so the new page is walked too."
        )

    def public_urls(self):
        urls = set()
        for route, name, pattern in routes():
            if route.startswith(SKIPPED_PREFIXES) or name in HOLDER_ONLY:
                continue
            if isinstance(pattern.pattern, RegexPattern):
                raise AssertionError(f"regex route {route!r}: teach the walk how to fill it")
            paths = [route]
            for match in PLACEHOLDER.finditer(route):
                paths = [
                    path.replace(match.group(0), str(value), 1)
                    for path in paths
                    for value in self.values(pattern, route, match.group("name"))
                ]
            for path in paths:
                urls.add("/" + path)
                urls.add(f"/{path}?q={SEARCH_WORD}")
                urls.add(f"/{path}?page=2")
                for window in ("day", "week", "month"):
                    urls.add(f"/{path}?window={window}")
                if not PLACEHOLDER.search(route):
                    for article in self.hidden:
                        urls.add(f"/{path}?no={article.pk}&idxno={article.pk}")
                    for sec_no, code in [("56", "S1N2"), ("57", "S2N15")]:
                        urls.add(f"/{path}?sec_no={sec_no}&sc_section_code={code}&page=2")
        return sorted(urls)

    def test_no_public_url_shows_anything_unpublished(self):
        urls = self.public_urls()
        self.assertGreater(len(urls), 100)
        hidden_links = [article.get_absolute_url() for article in self.hidden]
        seen_feed = seen_sitemap = False
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url, follow=True)
                self.assertLess(response.status_code, 500)
                body = response.content.decode(errors="replace")
                self.assertNotIn(MARK, body)
                for link in hidden_links:
                    self.assertNotIn(link, body)
                kind = response.get("Content-Type", "")
                seen_feed |= "rss" in kind and response.status_code == 200
                seen_sitemap |= "<urlset" in body
        # The walk reached the places a leak would hide: pages that list the live articles,
        # the teasers and ranking that point at hidden ones, a feed and a sitemap.
        self.assertTrue(seen_feed and seen_sitemap)
        self.assertIn("/news/", urls)  # 전체기사, which lists every section's articles
        listed = self.client.get("/news/").content.decode()
        self.assertTrue(all(article.title in listed for article in self.live))
        page = self.client.get(self.live[0].get_absolute_url()).content.decode()
        for article in self.live[1:]:
            self.assertIn(article.title, page)  # the related box and ranking were filled
        self.assertIn("지금 방침", self.client.get("/개인정보처리방침/").content.decode())
        tomorrow = timezone.localdate() + timedelta(days=1)
        self.assertIn(f"/개인정보처리방침/{tomorrow:%Y-%m-%d}/", urls)
        self.assertIn("/숨긴쪽/", urls)

    def test_every_hidden_article_url_is_a_404(self):
        for article in self.hidden:
            with self.subTest(article=article.title):
                self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)

    def test_the_view_beacon_counts_no_hidden_article_and_says_nothing_of_it(self):
        browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone) Safari/604.1"}
        before = list(DailyViews.objects.order_by("pk").values_list("pk", "views"))
        for article in self.hidden:
            with self.subTest(article=article.title):
                response = self.client.post(f"/articles/{article.pk}/seen/", **browser)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(MARK, response.content.decode())
        self.assertEqual(list(DailyViews.objects.order_by("pk").values_list("pk", "views")), before)
        live = self.client.post(f"/articles/{self.live[0].pk}/seen/", **browser)
        self.assertEqual(live.status_code, 204)

    def test_preview_and_share_urls_open_nothing_without_a_login_or_a_signature(self):
        for article in self.hidden:
            for url in (
                f"/articles/{article.pk}/preview/",
                f"/articles/{article.pk}/share/not-a-token/",
            ):
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn(MARK, response.content.decode())
