"""Only our own views take a POST: a walk over every URL pattern the root URLconf resolves.

django-ckeditor's URLs were included after our two editor views; its `^upload/` had no `$`, so
/ckeditor/upload/<anything>/ reached the library's view, which stored whatever it was given.
Here every pattern is filled with sample values and posted to as a logged-in reporter (staff,
group 기자) with a file attached. A pattern that does not refuse must be on the allow-list below,
and must resolve to exactly the view listed there, so a library view under one of our names fails.
"""

import inspect
import re

from django.contrib.sitemaps import views as sitemap_views
from django.test import TestCase
from django.urls import Resolver404, resolve
from django.urls.resolvers import RegexPattern

from ads import views as ads_views
from articles import uploads, views
from articles.admin.staff import PasswordSetView
from articles.feeds import LatestArticlesFeed, SectionArticlesFeed
from articles.photo_sizes import original_of
from articles.sitemaps import SITEMAPS
from frontpage import views as frontpage_views
from tests.articles.test_no_leak import PLACEHOLDER, routes
from tests.factories import gif_with_script, make_article, make_reporter_user, media_files
from tips import views as tips_views

# Views that take what is posted to them.
TAKES_POST = {
    "ckeditor_upload": uploads.editor_upload,
    "ckeditor_browse": uploads.editor_browse,  # its search box posts
    "staff:password-set": PasswordSetView,  # the invite's link: the new password is posted
    "tips:report": tips_views.report,  # a reader's tip (its files go to private storage)
    "ads:seen": ads_views.seen,  # the banners' impression beacon: ids only, never a file
    "articles:seen": views.article_seen,  # an article's view beacon: its body is never read
}
# Reader pages that answer a POST as they answer a GET: the request body is never read.
READ_ONLY = {
    "articles:home": frontpage_views.home,
    "articles:detail": views.article_detail,
    "articles:most-read": views.most_read_page,
    "articles:rss": LatestArticlesFeed,
    "articles:rss-section": SectionArticlesFeed,
    "sitemap-index": sitemap_views.index,
    "sitemap-section": sitemap_views.sitemap,
}
# The admin (Django's, with our ModelAdmins) checks its own permissions and CSRF on every POST.
ADMIN = "admin:"
REFUSED = {301, 302, 400, 403, 404, 405}
NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def view_of(callback):
    """The function or class under a URL's decorators (csrf_exempt, staff_member_required...)."""
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    return view if inspect.isfunction(view) or inspect.isclass(view) else type(view)


class PostOnEveryRouteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.reporter_user, _ = make_reporter_user("reporter")

    def setUp(self):
        self.client.force_login(self.reporter_user)

    def sample(self, name, converter):
        if name == "section" and converter == "slug":
            return next(iter(SITEMAPS))
        if converter == "slug":
            return self.article.section.slug
        if converter in ("int", "id") or name == "pk":
            return self.article.pk
        if converter == "day":  # a paper page's earlier version (pages.urls)
            return "2026-01-01"
        return "1"

    def sample_paths(self):
        """[(route text, url name, pattern, path that reaches this pattern)] outside the admin."""
        samples = []
        for route, name, pattern in routes():
            if (name or "").startswith(ADMIN):
                continue
            if isinstance(pattern.pattern, RegexPattern) or "^" in route:
                # A regex route: fill its groups, and when it has no `$`, test its open end too.
                path = NAMED_GROUP.sub("1", route).replace("^", "")
                path = path.removesuffix("$") if path.endswith("$") else path + "anything/"
            else:
                path = PLACEHOLDER.sub(
                    lambda m: str(self.sample(m.group("name"), m.group("converter"))), route
                )
            samples.append((route, name, pattern, "/" + path))
        return samples

    def test_every_sample_path_reaches_its_own_pattern(self):
        samples = self.sample_paths()
        self.assertGreaterEqual(len(samples), 15)
        for route, _name, pattern, path in samples:
            with self.subTest(route):
                try:
                    match = resolve(path)
                except Resolver404:
                    self.fail(f"{path} does not resolve")
                self.assertIs(match.func, pattern.callback, f"{path} reaches another view")

    def test_no_django_ckeditor_view_is_reachable(self):
        for route, name, pattern in routes():
            with self.subTest(route):
                self.assertFalse(
                    view_of(pattern.callback).__module__.startswith("ckeditor"),
                    f"{route} ({name}) is django-ckeditor's own view",
                )

    def test_every_route_that_takes_a_post_is_one_of_our_views(self):
        failures = []
        for route, name, pattern, path in self.sample_paths():
            before = media_files()
            response = self.client.post(path, {"upload": gif_with_script(), "q": "x"})
            stored = media_files() - before
            if response.status_code in REFUSED and not stored:
                continue
            allowed = TAKES_POST.get(name) or READ_ONLY.get(name)
            if allowed is None or view_of(pattern.callback) is not view_of(allowed):
                failures.append(
                    f"POST {path} ({route}, {name}) -> {response.status_code}, stored {stored}"
                )
        self.assertEqual(failures, [])

    def test_only_our_upload_view_stores_a_file(self):
        for _route, name, _pattern, path in self.sample_paths():
            before = media_files()
            self.client.post(path, {"upload": gif_with_script()})
            with self.subTest(path):
                stored = media_files() - before
                if name == "ckeditor_upload" and path == "/ckeditor/upload/":
                    (photo,) = {name for name in stored if original_of(name) is None}
                    self.assertTrue(photo.endswith(".png"))
                    # The rest are its smaller copies (articles.photo_sizes).
                    self.assertTrue(all(original_of(name) == photo for name in stored - {photo}))
                else:
                    self.assertEqual(stored, set())
