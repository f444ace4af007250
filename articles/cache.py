"""What readers see of articles, registered once with the page cache (newsroom.pagecache).

Which versions a change retires: an article readers see or will see (published, now or on its
minute) retires its own page and the lists; a draft or an article awaiting review retires
nothing, so a reporter's save costs readers nothing. The desk's picks retire the article they
are under, a correction its article and the lists (its feed entry); sections, reporters and the
site settings retire every page's names and the lists.
"""

from django.conf import settings
from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import timezone

from newsroom import pagecache

from .models import Article, Correction, RelatedArticle, Reporter, Section, SiteSettings
from .ranking import WINDOWS, most_read
from .related import related_box


def article_scopes(article):
    return ("lists", f"article:{article.pk}")


def next_publication():
    return Article.objects.scheduled().aggregate(first=Min("publish_at"))["first"]


def site_settings(current) -> SiteSettings:
    """The paper's settings, kept in each process under the "site" version."""
    version = current.version_of(("site",))
    return pagecache.kept("site-settings", version, SiteSettings.load, 300, until=current.until)


def active_sections(current) -> list[Section]:
    version = current.version_of(("site",))
    build = lambda: list(Section.objects.filter(active=True))  # noqa: E731
    return pagecache.kept("nav-sections", version, build, 300, until=current.until)


def register():
    pagecache.register(
        Article,
        scopes=article_scopes,
        seen=lambda article: article.status == Article.Status.PUBLISHED,
        next_change=next_publication,
    )
    pagecache.register(RelatedArticle, scopes=lambda pick: (f"article:{pick.article_id}",))
    # A correction is on its article's page and in its feed entry (under "lists").
    pagecache.register(
        Correction, scopes=lambda correction: ("lists", f"article:{correction.article_id}")
    )
    for model in (Section, Reporter, SiteSettings):
        pagecache.register(model, scopes=lambda row: ("site", "lists"))

    lists = lambda kwargs: ("site", "lists")  # noqa: E731
    pagecache.register_page("articles:section", params=("page",), scopes=lists)
    pagecache.register_page("articles:reporter", params=("page",), scopes=lists)
    pagecache.register_page("articles:all", params=("page",), scopes=lists)
    pagecache.register_page("articles:most-read", params=("window",), scopes=lists)
    pagecache.register_page(
        "articles:search", params=("q", "section", "start", "end", "page"), scopes=lists
    )
    pagecache.register_page("articles:rss", scopes=lists)
    pagecache.register_page("articles:rss-section", scopes=lists)
    pagecache.register_page("sitemap-index", scopes=lists)
    pagecache.register_page("sitemap-section", params=("p",), scopes=lists)
    pagecache.register_page(
        "articles:detail",
        scopes=lambda kwargs: ("site", f"article:{kwargs['pk']}"),
    )


@pagecache.register_box("masthead", scopes=lambda section="", nav="": ("site",), timeout=300)
def masthead(current, section="", nav=""):
    """The date, the paper's name and the navigation, the place being read marked: the current
    section (its id), 홈 (nav "home") or 전체기사 (nav "all"); other pages mark none."""
    sections = active_sections(current)
    context = {
        "site": site_settings(current),
        "today": timezone.localdate(),
        "sections": sections,
        "current": next((s for s in sections if str(s.pk) == section), None),
        "all_articles": nav == "all",
        "home": nav == "home",
    }
    return render_to_string("includes/header.html", context)


@pagecache.register_box(
    "most-read", scopes=lambda: ("lists",), timeout=settings.MOST_READ_CACHE_SECONDS
)
def most_read_box(current):
    """가장 많이 본 기사, numbered, with a link to the full ranking. Views are not a change:
    the box follows them within MOST_READ_CACHE_SECONDS."""
    window = settings.MOST_READ_WINDOW
    box = {"articles": most_read(window, 10), "window": window, "label": WINDOWS[window][0]}
    return render_to_string("articles/tags/most_read.html", box)


@pagecache.register_box(
    "related",
    scopes=lambda pk, section, picks: ("lists", f"article:{pk}"),
    timeout=settings.PAGE_CACHE_SECONDS,
)
def related(current, pk, section, picks):
    """관련기사 under an article: the desk's picks (if it has any), then the newest."""
    article = Article(pk=int(pk), section_id=int(section))
    article.has_picks = picks == "1"
    return related_box(article, settings.RELATED_ARTICLES_COUNT, current)
