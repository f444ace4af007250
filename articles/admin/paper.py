"""The paper's own rows besides its articles: sections, reporters, the site's settings."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from ..models import Reporter, Section, SiteSettings


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
    # A byline is tied to its login on the 직원 screen (staff.py), by someone who may give the
    # account its role; here it is only shown.
    readonly_fields = ["user"]


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
