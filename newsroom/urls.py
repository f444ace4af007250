from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path

from articles.uploads import editor_upload

admin.site.site_header = "뉴스룸 관리"
admin.site.site_title = "뉴스룸"
admin.site.index_title = "편집국"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("ckeditor/upload/", staff_member_required(editor_upload), name="ckeditor_upload"),
    path("ckeditor/", include("ckeditor_uploader.urls")),
    path("", include("articles.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
