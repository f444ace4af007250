from datetime import timedelta

from django.contrib import admin
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .charts import daily_views_svg
from .models import Article, DailyViews, RelatedArticle, Reporter, Section, SiteSettings
from .workflow_admin import ArticleWorkflowAdmin, StateFilter


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


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    fields = ["position", "related"]
    autocomplete_fields = ["related"]
    extra = 0
    verbose_name = "관련 기사"
    verbose_name_plural = "관련 기사 (순서대로 보이며, 독자에게는 게재된 기사만 보입니다)"


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowAdmin):
    inlines = [RelatedArticleInline]
    list_display = [
        "title",
        "section",
        "reporter",
        "state_badge",
        "publish_at",
        "updated_at",
        "views_total",
        "views_week",
    ]
    list_filter = [StateFilter, "section", "reporter", "publish_at"]
    list_select_related = ["section", "reporter"]
    search_fields = ["title", "subtitle", "body"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section", "reporter"]
    readonly_fields = [
        "first_published_at",
        "revised_at",
        "created_at",
        "updated_at",
        "views_chart",
    ]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "section", "reporter"]}),
        ("본문", {"fields": ["body", "summary"]}),
        ("대표 사진", {"fields": ["photo", "photo_caption"]}),
        ("게재", {"fields": ["state_badge", "publish_at"]}),
        (
            "기록",
            {
                "classes": ["collapse"],
                "fields": ["first_published_at", "revised_at", "created_at", "updated_at"],
            },
        ),
        ("조회수", {"fields": ["views_chart"]}),
    ]

    def get_queryset(self, request):
        # Subqueries, not a join: they run only for the rows on the page.
        views = DailyViews.objects.filter(article=OuterRef("pk")).values("article")
        week_ago = timezone.localdate() - timedelta(days=6)
        return (
            super()
            .get_queryset(request)
            .annotate(
                total_views=Coalesce(Subquery(views.annotate(n=Sum("views")).values("n")), 0),
                week_views=Coalesce(
                    Subquery(views.filter(day__gte=week_ago).annotate(n=Sum("views")).values("n")),
                    0,
                ),
            )
        )

    @admin.display(description="전체 조회", ordering="total_views")
    def views_total(self, obj):
        return obj.total_views

    @admin.display(description="7일 조회", ordering="week_views")
    def views_week(self, obj):
        return obj.week_views

    @admin.display(description="최근 30일 일별 조회수")
    def views_chart(self, obj):
        if obj.pk is None:
            return "저장한 뒤에 보입니다."
        last_day = timezone.localdate()
        rows = obj.daily_views.filter(day__gt=last_day - timedelta(days=30))
        return daily_views_svg(dict(rows.values_list("day", "views")), last_day=last_day)


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
