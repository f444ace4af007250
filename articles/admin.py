from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from .forms import ArticleAdminForm
from .models import Article, Reporter, Section, SiteSettings


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "active"]
    list_editable = ["position", "active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "email", "user", "active"]
    list_filter = ["active", "title"]
    list_select_related = ["user"]
    search_fields = ["name", "email", "user__username"]
    autocomplete_fields = ["user"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "section", "reporter", "state_badge", "publish_at", "updated_at"]
    list_filter = ["status", "section", "reporter", "publish_at"]
    list_select_related = ["section", "reporter"]
    search_fields = ["title", "subtitle", "body"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section", "reporter"]
    readonly_fields = ["first_published_at", "revised_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "section", "reporter"]}),
        ("본문", {"fields": ["body", "summary"]}),
        ("대표 사진", {"fields": ["photo", "photo_caption"]}),
        ("게재", {"fields": ["status", "publish_at"]}),
        (
            "기록",
            {
                "classes": ["collapse"],
                "fields": ["first_published_at", "revised_at", "created_at", "updated_at"],
            },
        ),
    ]

    @admin.display(description="상태", ordering="status")
    def state_badge(self, obj):
        return format_html('<span class="state state-{}">{}</span>', obj.status, obj.state_label)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "tagline"]}),
        (
            "법적 고지 (바닥글)",
            {
                "fields": [
                    "registration_number",
                    "registered_on",
                    "publisher",
                    "editor",
                    "youth_protection_officer",
                    "address",
                    "phone",
                    "email",
                    "copyright",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        site = SiteSettings.load()
        return redirect(reverse("admin:articles_sitesettings_change", args=[site.pk]))
