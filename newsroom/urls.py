from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from articles import urls as article_urls
from articles.sitemaps import SITEMAPS
from articles.uploads import editor_browse, editor_upload
from frontpage.views import home
from newsroom.health import healthz

admin.site.site_header = "뉴스룸 관리"
admin.site.site_title = "뉴스룸"
admin.site.index_title = "편집국"

urlpatterns = [
    # The invite mail's link, where new staff set their password (articles.staff).
    path("admin/password-set/", include("articles.staff_urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),  # for load balancers: never cached
    # django-ckeditor's widget reverses these two names. Its own urls.py is never included: its
    # upload view stores whatever it is given (tests/newsroom/test_urls.py keeps it out).
    path("ckeditor/upload/", staff_member_required(editor_upload), name="ckeditor_upload"),
    path("ckeditor/browse/", staff_member_required(editor_browse), name="ckeditor_browse"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("report/", include("tips.urls")),
    path("", include("ads.urls")),
    # The home page is the front page's (frontpage), named with the articles' pages it leads to.
    path("", include(([path("", home, name="home"), *article_urls.urlpatterns], "articles"))),
    # The paper's pages (/개인정보처리방침/): last, so they never shadow a route above.
    path("", include("pages.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
