"""Sitemaps for search engines: the home page and 전체기사, sections, every published article,
and a Google News sitemap of the last 48 hours. All of them start from
`Article.objects.published()`."""

from datetime import timedelta
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from .models import Article, Section, SiteSettings
from .paginator import IndexPaginator

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 articles per sitemap


def _seconds(moment):
    """Whole seconds: `2024-07-30T13:34:14+09:00` rather than a microsecond fraction."""
    return moment.replace(microsecond=0) if moment else None


class PagesSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:all"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.newest  # both pages change with each publication

    @cached_property
    def newest(self):
        return _seconds(Article.objects.published().aggregate(latest=Max("publish_at"))["latest"])


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        newest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .order_by("-publish_at")
            .values("publish_at")[:1]
        )
        return Section.objects.filter(active=True).annotate(last_published=Subquery(newest))

    def lastmod(self, section):
        return _seconds(section.last_published)

    def get_latest_lastmod(self):
        return _seconds(Article.objects.published().aggregate(latest=Max("publish_at"))["latest"])


class ArticleSitemap(Sitemap):
    """Every published article; lastmod is its last edit (수정), else its first publication."""

    limit = 1000  # URLs per sitemap page: each page is a short index walk, however deep

    @property
    def paginator(self):
        return IndexPaginator(self._items(), self.limit)

    def live(self):
        return (
            Article.objects.published()
            .order_by("-publish_at", "-pk")
            .only("pk", "publish_at", "first_published_at", "revised_at")
        )

    def items(self):
        return self.live()

    def lastmod(self, article):
        return _seconds(article.modified_at)

    def get_latest_lastmod(self):
        # Two walks down an index: the newest publication (publish_at is never before
        # first_published_at) and the newest revision.
        live = self.live()
        published = live.values_list("publish_at", flat=True).first()
        revised = (
            live.filter(revised_at__isnull=False)
            .order_by("-revised_at")
            .values_list("revised_at", flat=True)
            .first()
        )
        return _seconds(max(filter(None, [published, revised]), default=None))


class NewsSitemap(ArticleSitemap):
    """Google News: articles first published in the last 48 hours, with news:news tags."""

    limit = NEWS_LIMIT
    paginator = Sitemap.paginator  # one short page: the plain paginator

    def live(self):
        since = timezone.now() - NEWS_WINDOW
        # publish_at is never before first_published_at: its indexed range narrows first.
        articles = super().live().filter(publish_at__gte=since, first_published_at__gte=since)
        return articles.only("pk", "publish_at", "first_published_at", "revised_at", "title")

    def items(self):
        return self.live()[:NEWS_LIMIT]

    def get_urls(self, page=1, site=None, protocol=None):
        name = SiteSettings.load().name
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "name": name,
                "language": "ko",
                "published": _seconds(article.first_published_at),
                "title": article.title,
            }
        return urls


SITEMAPS = {
    "pages": PagesSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "news": NewsSitemap,
}
