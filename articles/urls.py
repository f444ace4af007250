from django.urls import path, register_converter

from . import views
from .converters import IdConverter

register_converter(IdConverter, "id")

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("section/<slug:slug>/", views.SectionArticleList.as_view(), name="section"),
    path("reporter/<id:pk>/", views.ReporterArticleList.as_view(), name="reporter"),
    path("articles/<id:pk>/", views.article_detail, name="detail"),
    path("most-read/", views.most_read_page, name="most-read"),
    path("news/article.html", views.legacy_article, {"param": "no"}, name="legacy-article"),
    path("news/articleView.html", views.legacy_article, {"param": "idxno"}, name="legacy-view"),
]
