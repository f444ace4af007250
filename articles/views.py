from django.conf import settings
from django.http import Http404, HttpResponseNotFound, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import ListView

from newsroom.beacon import beacon

from .models import Article, Reporter, Section
from .paginator import IndexPaginator
from .ranking import WINDOWS, most_read
from .search import SearchForm, highlight, parse_query, result_snippet, search_filter
from .services import article_view_record
from .workflow import may_preview, read_share_token


class PublishedListMixin:
    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = IndexPaginator

    def get_queryset(self):
        return Article.objects.published().for_lists()


class SectionArticleList(PublishedListMixin, ListView):
    template_name = "articles/section_list.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"], active=True)
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, current_section=self.section, **kwargs
        )


class AllArticleList(PublishedListMixin, ListView):
    """전체기사: every live article of every section, newest first."""

    template_name = "articles/article_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_nav="all", **kwargs)


class ReporterArticleList(PublishedListMixin, ListView):
    template_name = "articles/reporter_list.html"

    def get_queryset(self):
        self.reporter = get_object_or_404(Reporter, pk=self.kwargs["pk"])
        return super().get_queryset().filter(reporter=self.reporter)

    def get_context_data(self, **kwargs):
        return super().get_context_data(reporter=self.reporter, **kwargs)


class SearchArticleList(PublishedListMixin, ListView):
    """/search/?q=: published articles holding every word, newest first, words marked."""

    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = parse_query(self.request.GET.get("q"))
        self.form = SearchForm(self.request.GET)
        return search_filter(super().get_queryset(), self.query, **self.form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, form=self.form, **kwargs)
        for article in context["page_obj"]:
            article.marked_title = highlight(article.title, self.query.terms)
            article.snippet = result_snippet(article, self.query.terms)
        # The page links carry what this page reads and nothing else (the page cache keys it so).
        params = QueryDict(mutable=True)
        params["q"] = self.query.text
        for name in ("section", "start", "end"):
            if self.request.GET.get(name):
                params[name] = self.request.GET[name]
        context["page_query"] = params.urlencode()
        return context


def article_detail(request, pk):
    article = Article.objects.published().for_page().filter(pk=pk).first()
    if article is None:
        raise Http404("기사를 찾을 수 없습니다.")
    context = {"article": article, "current_section": article.section}
    return render(request, "articles/article_detail.html", context)


@beacon
def article_seen(request, pk):
    """A reader's view of the article, told by its page's script (site.js) once shown: the page
    itself may come from a cache, the app's or the proxy's, that counts nothing. Only a live
    article is counted; any other id is a 404, as its page is (no more said than the page says).
    The body is never read."""
    if not Article.objects.published().filter(pk=pk).exists():
        return HttpResponseNotFound()
    article_view_record(article=Article(pk=pk), request=request)
    return None


def most_read_page(request):
    window = request.GET.get("window", settings.MOST_READ_WINDOW)
    if window not in WINDOWS:
        window = settings.MOST_READ_WINDOW
    context = {
        "articles": most_read(window, limit=30),
        "window": window,
        "label": WINDOWS[window][0],
        "windows": [(key, name) for key, (name, _) in WINDOWS.items()],
    }
    return render(request, "articles/most_read.html", context)


def article_preview(request, pk):
    """The article exactly as readers will see it, whatever its state, under a 미리보기 banner.
    Only its reporter and the desk may open it; anyone else gets the ordinary 404."""
    article = get_object_or_404(Article.objects.for_page(), pk=pk)
    if not may_preview(request.user, article):
        raise Http404("기사를 찾을 수 없습니다.")
    banner = {
        "article": article,
        "admin_url": reverse("admin:articles_article_change", args=[article.pk]),
    }
    return _preview_response(request, article, banner)


def article_share(request, pk, token):
    """A desk's signed link: the preview for anyone holding it, until it expires."""
    grant = read_share_token(token)
    if grant is None or grant.article_id != pk:
        raise Http404("링크가 잘못되었거나 만료되었습니다.")
    article = get_object_or_404(Article.objects.for_page(), pk=pk, status=grant.status)
    return _preview_response(request, article, {"article": article, "expires_at": grant.expires_at})


def _preview_response(request, article, banner):
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "current_section": article.section, "preview": banner},
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
