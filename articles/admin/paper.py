"""The paper's own rows besides its articles: sections, reporters, the site's settings."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from newsroom.admin_forms import LabelledRowForm

from ..models import Reporter, Section, SiteSettings


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "active"]
    list_editable = ["position", "active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug", "mediaon_code", "ndsoft_code"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "position", "active"]}),
        (
            "옛 주소 (미디어온·엔디소프트에서 옮겨 온 경우)",
            {"fields": ["mediaon_code", "ndsoft_code"]},
        ),
    ]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=LabelledRowForm, **kwargs)


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "email", "user", "active"]
    list_filter = ["active", "title"]
    list_select_related = ["user"]
    search_fields = ["name", "email", "user__username"]
    # A byline is tied to its login on the 직원 screen (staff.py), by someone who may give the
    # account its role; here it is only shown, as text (Django would link the login to the user
    # admin, which only superusers may open).
    exclude = ["user"]
    readonly_fields = ["login"]

    @admin.display(description="로그인 아이디")
    def login(self, reporter):
        return reporter.user.username if reporter.user else "없음 (직원 화면에서 만듭니다)"


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "tagline"]}),
        (
            "법적 고지 (모든 쪽의 바닥글)",
            {
                "description": "신문법이 인터넷신문에 모든 쪽에 보이라고 하는 사항입니다.",
                "fields": [
                    "company",
                    "registration_number",
                    "registered_on",
                    "first_published_on",
                    "publisher",
                    "editor",
                    "youth_protection_officer",
                    "address",
                    "phone",
                    "email",
                    "copyright",
                ],
            },
        ),
        ("기사제보", {"fields": ["tip_retention_days"]}),
        ("검색엔진 소유 확인", {"fields": ["naver_verification", "google_verification"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        site = SiteSettings.load()
        return redirect(reverse("admin:articles_sitesettings_change", args=[site.pk]))
