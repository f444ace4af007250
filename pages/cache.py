"""What readers see of the paper's pages, registered once with the page cache (newsroom.pagecache).

Pages are few and change seldom, so they are part of the "site" version, as the settings are: a
change to a page readers see (shown, before or after) or to a privacy policy version replaces it,
which rebuilds the footer box and every page stored under "site". The footer is one box: the
pages' links, kept per process under "site" (footer_pages), and the legal notice.

A version whose 시행일 is tomorrow needs no scheduled change: its day starts at Seoul midnight,
past which the page cache keeps nothing (newsroom.pagecache, "Time").
"""

from django.template.loader import render_to_string

from articles.cache import site_settings
from newsroom import pagecache

from .models import Page, PolicyVersion


def footer_pages(current) -> list[Page]:
    """The shown pages in their footer order, without their text."""
    version = current.version_of(("site",))
    build = lambda: list(Page.objects.shown().only("title", "address", "kind"))  # noqa: E731
    return pagecache.kept("footer-pages", version, build, 300, until=current.until)


def register():
    pagecache.register(Page, scopes=lambda page: ("site",), seen=lambda page: page.shown)
    pagecache.register(PolicyVersion, scopes=lambda version: ("site",))
    site = lambda kwargs: ("site",)  # noqa: E731
    pagecache.register_page("pages:page", scopes=site)
    pagecache.register_page("pages:version", scopes=site)


@pagecache.register_box("footer", scopes=lambda: ("site",), timeout=pagecache.LONGEST_KEPT)
def footer(current):
    context = {"site": site_settings(current), "pages": footer_pages(current)}
    return render_to_string("includes/footer.html", context)
