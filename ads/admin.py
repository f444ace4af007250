"""The desk's 광고 screens: positions (made by a migration, changed here), banners with their
daily impressions and clicks, and the per-advertiser report (ads.report). Reporters have no
permission on them (ads/migrations/0003)."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from articles.charts import daily_views_svg
from articles.images import CleanImage, process_image
from newsroom.admin_forms import name_date_and_time

from . import report
from .models import Banner, Position


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "size", "device", "pages", "max_shown", "network"]
    readonly_fields = ["code"]
    fieldsets = [
        (None, {"fields": ["code", "name", ("width", "height"), "device", "max_shown"]}),
        ("보일 면", {"fields": ["on_home", "on_section", "on_article", "on_other"]}),
        ("네트워크 광고", {"fields": ["allows_network"]}),
    ]

    @admin.display(description="크기")
    def size(self, position):
        return f"{position.width}×{position.height}"

    @admin.display(description="네트워크 광고")
    def network(self, position):
        return "허용" if position.allows_network else "–"

    @admin.display(description="보일 면")
    def pages(self, position):
        fields = ["on_home", "on_section", "on_article", "on_other"]
        names = [
            str(Position._meta.get_field(f).verbose_name) for f in fields if getattr(position, f)
        ]
        return ", ".join(names) or "없음"

    def has_add_permission(self, request):
        return False  # the five places are the pages' own (ads/migrations/0002)

    def has_delete_permission(self, request, obj=None):
        return False


class PictureLink:
    """The stored picture as the file input names it: a link, not its storage path."""

    def __init__(self, file):
        self.url = file.url

    def __str__(self):
        return "열어 보기"


class PictureInput(forms.ClearableFileInput):
    initial_text = "지금 그림"
    input_text = "바꾸기"

    def format_value(self, value):
        value = super().format_value(value)
        return PictureLink(value) if value else value


class BannerForm(forms.ModelForm):
    class Meta:
        model = Banner
        fields = [
            "position",
            "advertiser",
            "name",
            "image",
            "alt",
            "link",
            "new_window",
            "network_code",
            "starts_at",
            "ends_at",
            "weight",
            "order",
        ]
        widgets = {"image": PictureInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_date_and_time(self.fields["starts_at"], "시작")
        name_date_and_time(self.fields["ends_at"], "종료")
        self.fields["image"].max_length = None  # process_image() names the picture anew
        # Changed, never taken away: a banner is a picture or a network's code from its start.
        self.fields["image"].widget.is_required = True

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile) and not isinstance(image, CleanImage):
            return process_image(image)  # decoded, EXIF stripped, re-encoded
        return image

    def save(self, commit=True):
        if "ends_at" in self.changed_data:
            self.instance.ending_notice_sent_at = None  # a new end gets its own notice
        return super().save(commit)


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    form = BannerForm
    list_display = ["__str__", "position", "starts_at", "ends_at", "state", "weight", "order"]
    list_filter = ["position", "advertiser"]
    list_select_related = ["position"]
    search_fields = ["advertiser", "name", "alt"]
    date_hierarchy = "starts_at"
    readonly_fields = ["preview", "chart"]
    fieldsets = [
        (None, {"fields": ["position", "advertiser", "name"]}),
        ("그림 배너", {"fields": ["image", "preview", "alt", "link", "new_window"]}),
        ("네트워크 광고", {"fields": ["network_code"], "classes": ["collapse"]}),
        ("일정과 비중", {"fields": [("starts_at", "ends_at"), ("weight", "order")]}),
        ("노출과 클릭", {"fields": ["chart"]}),
    ]

    @admin.display(description="상태")
    def state(self, banner):
        now = timezone.now()
        if banner.ends_at <= now:
            return "종료"
        if banner.starts_at > now:
            return "시작 전"
        return "게시중"

    @admin.display(description="미리보기")
    def preview(self, banner):
        if not banner.image:
            return "–"
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" style="max-width:100%;height:auto">',
            banner.image.url,
            banner.position.width,
            banner.position.height,
        )

    @admin.display(description="최근 30일 일별 노출·클릭")
    def chart(self, banner):
        if banner.pk is None:
            return "저장한 뒤에 보입니다."
        last_day = timezone.localdate()
        rows = banner.daily_stats.filter(day__gt=last_day - timedelta(days=30))
        rows = list(rows.values_list("day", "impressions", "clicks"))
        impressions = daily_views_svg(
            {day: seen for day, seen, _ in rows}, last_day=last_day, label="노출"
        )
        clicks = daily_views_svg(
            {day: clicked for day, _, clicked in rows}, last_day=last_day, label="클릭"
        )
        return format_html(
            "<p><strong>노출</strong></p>{}<p><strong>클릭</strong></p>{}", impressions, clicks
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.report_view)
        return [path("report/", view, name="ads_banner_report"), *super().get_urls()]

    def report_view(self, request):
        return report.report_view(request, self)
