"""The desk's 기사제보 screen: tips come from readers only; the desk sets a status and a note.

The reader's words and contact are shown, never changed. Files are links to download(), which
checks the permission to view tips and sends the file as an attachment. Reporters have no
permission on tips (tips/migrations/0002).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from .models import Attachment, Tip
from .services import tips_delete


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ["received_at", "status", "first_line", "has_files", "contact_given"]
    list_display_links = ["received_at", "first_line"]
    list_filter = ["status"]
    search_fields = ["text", "note"]
    date_hierarchy = "received_at"
    fields = [
        ("received_at", "delete_by"),
        "status",
        "note",
        "text",
        "name",
        "phone",
        "email",
        "files",
    ]
    readonly_fields = ["received_at", "delete_by", "text", "name", "phone", "email", "files"]
    view_on_site = False  # a tip has no public page

    def get_queryset(self, request):
        files = Attachment.objects.filter(tip=OuterRef("pk"))
        return super().get_queryset(request).annotate(with_files=Exists(files))

    def has_add_permission(self, request):
        return False  # readers send tips through /report/

    @admin.display(description="제보 내용 (첫 줄)")
    def first_line(self, tip):
        return tip.first_line

    @admin.display(description="첨부", boolean=True, ordering="with_files")
    def has_files(self, tip):
        return tip.with_files

    @admin.display(description="연락처", boolean=True)
    def contact_given(self, tip):
        return tip.has_contact

    @admin.display(description="첨부 파일")
    def files(self, tip):
        attachments = tip.attachments.all()
        if not attachments:
            return "없음"
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}" download>{}</a> ({} KB)',
            ((a.download_url(), a.name, max(1, a.size // 1024)) for a in attachments),
        )

    def get_urls(self):
        download = self.admin_site.admin_view(self.download)
        route = path("<int:tip_id>/files/<int:pk>/", download, name="tips_attachment_download")
        return [route, *super().get_urls()]

    def download(self, request, tip_id, pk):
        """An attached file, to staff who may view tips, as a download never shown inline."""
        attachment = get_object_or_404(Attachment.objects.select_related("tip"), pk=pk)
        if attachment.tip_id != tip_id:
            raise Http404("파일을 찾을 수 없습니다.")
        if not self.has_view_permission(request, attachment.tip):
            raise PermissionDenied
        try:
            opened = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404("파일을 찾을 수 없습니다.") from None
        kind = attachment.content_type
        response = FileResponse(
            opened, as_attachment=True, filename=attachment.name, content_type=kind
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def delete_model(self, request, obj):
        tips_delete(Tip.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        tips_delete(queryset)
