"""RSS 2.0 feeds of published articles: the whole paper (/rss/) and each section.

Feed readers show an item's description, and many its title, as HTML. Both are plain text here
(the headline, the teaser), so they are escaped for HTML before the feed writer escapes them for
XML: after parsing the XML a reader holds `&lt;img …&gt;`, which it shows as the text that was
typed, never a working tag. Titles follow Django's own default (`Feed.item_title`, ticket #6533).
"""

import mimetypes
from dataclasses import dataclass
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape, strip_tags

from .models import Article, Section, SiteSettings

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedScope:
    """What one request for a feed is about; the Feed instance itself is shared by all requests."""

    site: SiteSettings
    base_url: str
    section: Section | None = None


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "ko"
    ttl = 10  # minutes

    def get_object(self, request, *args, **kwargs):
        return FeedScope(site=SiteSettings.load(), base_url=request.build_absolute_uri("/"))

    def title(self, scope):
        return scope.site.name

    def link(self, scope):
        return reverse("articles:home")

    def description(self, scope):
        return scope.site.tagline or f"{scope.site.name} 최신 기사"

    def feed_copyright(self, scope):
        return scope.site.copyright_line

    def articles(self, scope):
        return Article.objects.published().for_lists().prefetch_related("corrections")

    def items(self, scope):
        items = list(self.articles(scope)[:FEED_LENGTH])
        for article in items:
            article.feed_photo_url = (
                urljoin(scope.base_url, article.photo.url) if article.photo else ""
            )
        return items

    def item_title(self, article):
        return escape(article.title)

    def item_description(self, article):
        """The teaser, after the article's 정정·반론보도 (as on its page, above the story)."""
        notices = [
            f"[{c.get_kind_display()} {c.published_on:%Y.%m.%d}] {strip_tags(c.body).strip()}"
            for c in article.corrections.all()
        ]
        return escape("\n\n".join([*notices, article.teaser()]))

    def item_author_name(self, article):
        return f"{article.reporter.name} {article.reporter.title}"

    def item_author_email(self, article):
        return article.reporter.email or None

    def item_categories(self, article):
        return [article.section.name]

    def item_pubdate(self, article):
        return timezone.localtime(article.first_published_at or article.publish_at)

    def item_updateddate(self, article):
        modified = article.modified_at
        return timezone.localtime(modified) if modified else None

    def item_enclosure_url(self, article):
        return article.feed_photo_url or None

    def item_enclosure_length(self, article):
        try:
            return article.photo.size
        except OSError:  # the file went missing from storage: length unknown
            return 0

    def item_enclosure_mime_type(self, article):
        return mimetypes.guess_type(article.photo.name)[0] or "image/jpeg"


class SectionArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        section = get_object_or_404(Section, slug=slug, active=True)
        scope = super().get_object(request)
        return FeedScope(site=scope.site, base_url=scope.base_url, section=section)

    def title(self, scope):
        return f"{scope.site.name} {scope.section.name}"

    def link(self, scope):
        return scope.section.get_absolute_url()

    def description(self, scope):
        return f"{scope.site.name} {scope.section.name} 섹션의 최신 기사"

    def feed_url(self, scope):
        return reverse("articles:rss-section", kwargs={"slug": scope.section.slug})

    def articles(self, scope):
        return super().articles(scope).filter(section=scope.section)
