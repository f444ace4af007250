from django.urls import path, register_converter
from django.views.generic import RedirectView

from . import views
from .converters import IdConverter
from .feeds import LatestArticlesFeed, SectionArticlesFeed
from .legacy import MEDIAON, NDSOFT, legacy_article, legacy_list

register_converter(IdConverter, "id")

app_name = "articles"
urlpatterns = [
    path("section/<slug:slug>/", views.SectionArticleList.as_view(), name="section"),
    path("reporter/<id:pk>/", views.ReporterArticleList.as_view(), name="reporter"),
    path("articles/<id:pk>/", views.article_detail, name="detail"),
    path("articles/<id:pk>/seen/", views.article_seen, name="seen"),  # its view, counted
    path("articles/<id:pk>/preview/", views.article_preview, name="preview"),
    path("articles/<id:pk>/share/<str:token>/", views.article_share, name="share"),
    path("most-read/", views.most_read_page, name="most-read"),
    path("news/", views.AllArticleList.as_view(), name="all"),
    # The old CMSs' addresses (articles.legacy): mediaOn, then ND Soft.
    path("news/article.html", legacy_article, {"param": "no"}, name="legacy-article"),
    path("news/articleView.html", legacy_article, {"param": "idxno"}, name="legacy-view"),
    path("news/article_list_all.html", legacy_list, {**MEDIAON, "params": ()}, name="legacy-all"),
    path("news/section_list_all.html", legacy_list, MEDIAON, name="legacy-mediaon-list"),
    path("news/articleList.html", legacy_list, NDSOFT, name="legacy-ndsoft-list"),
    path("search/", views.SearchArticleList.as_view(), name="search"),
    path("rss/", LatestArticlesFeed(), name="rss"),
    path("rss/<slug:slug>/", SectionArticlesFeed(), name="rss-section"),
    path("data/rss/news.xml", RedirectView.as_view(pattern_name="articles:rss", permanent=True)),
    path("rss/allArticle.xml", RedirectView.as_view(pattern_name="articles:rss", permanent=True)),
]
