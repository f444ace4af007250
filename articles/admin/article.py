"""The article admin: who sees and changes what, the list, and the change form whose buttons
make the workflow's moves (workflow.ACTIONS).

Reporters see and edit only their own articles while they are 작성중 or 승인대기; the desk does
everything. Every move between states goes through services.py, every save keeps a revision
(history.py), and a save over someone else's newer save is refused (forms.py).
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .. import pending, services
from ..charts import daily_views_svg
from ..models import Article, DailyViews, RelatedArticle
from ..paginator import IndexPaginator
from ..workflow import ACTIONS, REPORTER_EDITS, Action, State, is_desk, is_own
from .actions import BULK_ACTIONS, ActionPagesMixin
from .filters import PublishTimeFilter, ReporterFilter, SectionFilter, StateFilter
from .forms import (
    BODY,
    BYLINE,
    DESK_ONLY,
    EXCLUDE_PARAM,
    HEADLINE,
    PHOTO,
    PUBLICATION,
    RECORD,
    ArticleForm,
    RelatedArticleForm,
    RelatedArticleFormSet,
    RelatedArticlePicker,
)
from .history import RevisionsMixin, restore_reason
from .presence import HEARTBEAT_SECONDS, PresenceMixin


def short_time(moment):
    """A moment in the list as compactly as it stays clear: 12.01 09:30 this year,
    2024.12.01 before."""
    local = timezone.localtime(moment)
    shown = (
        f"{local:%m.%d %H:%M}" if local.year == timezone.localdate().year else f"{local:%Y.%m.%d}"
    )
    return format_html('<time datetime="{}">{}</time>', local.isoformat(timespec="seconds"), shown)


def action_of(request) -> Action | None:
    """The move a button on the change form asks for: the button is named _<code>."""
    if request.method != "POST":
        return None
    return next((a for a in ACTIONS.values() if a.on_form and f"_{a.code}" in request.POST), None)


class MoveRefused(Exception):
    """The workflow's service refused the move after the form's checks had passed (the minute
    went by, someone moved the article first): nothing is saved, the form is shown again."""

    def __init__(self, message, form):
        super().__init__(message)
        self.message = message
        self.form = form


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    form = RelatedArticleForm
    formset = RelatedArticleFormSet  # never the article itself, never one article twice
    fk_name = "article"
    fields = ["position", "related"]
    autocomplete_fields = ["related"]
    extra = 0
    verbose_name = "관련 기사"
    verbose_name_plural = "관련 기사 (순서대로 보이며, 독자에게는 게재된 기사만 보입니다)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "related":
            kwargs["widget"] = RelatedArticlePicker(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        """The picker of this article's page does not offer the article itself."""
        formset = super().get_formset(request, obj, **kwargs)
        widget = formset.form.base_fields["related"].widget
        picker = getattr(widget, "widget", widget)  # inside the admin's add/view links
        picker.exclude_pk = obj.pk if obj is not None else None
        return formset


@admin.register(Article)
class ArticleAdmin(ActionPagesMixin, RevisionsMixin, PresenceMixin, SimpleHistoryAdmin):
    form = ArticleForm
    actions = BULK_ACTIONS
    inlines = [RelatedArticleInline]
    # The headline gets the room; the rest stays as narrow as its content (static/css/admin.css).
    # The order is the desk's queue (get_ordering).
    list_display = [
        "title",
        "state_badge",
        "section",
        "reporter_name",
        "changed",
        "views_total",
        "views_week",
        "preview_link",
    ]
    list_filter = [
        StateFilter,
        ("section", SectionFilter),
        ("reporter", ReporterFilter),
        ("publish_at", PublishTimeFilter),
    ]
    list_select_related = ["section", "reporter"]
    # The page's ids are sorted first, then only those rows are read: the queue's order is no
    # index's, and sorting whole rows (bodies and all) spilled to disk on a large paper.
    paginator = IndexPaginator
    search_fields = Article.CONTENT_FIELDS  # the text readers read, as the site's search
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section", "reporter"]
    readonly_fields = ["state_badge", *RECORD, "views_chart"]
    fieldsets = [
        (None, {"fields": [*HEADLINE, *BYLINE]}),
        ("본문", {"fields": BODY}),
        ("대표 사진", {"fields": PHOTO}),
        ("게재", {"fields": ["state_badge", *PUBLICATION]}),
        ("기록", {"classes": ["collapse"], "fields": RECORD}),
        ("조회수", {"fields": ["views_chart"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    # Who sees and changes what -------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not is_desk(request.user):
            queryset = queryset.filter(reporter__user=request.user)
        # Subqueries, not a join: they run only for the rows on the page.
        views = DailyViews.objects.filter(article=OuterRef("pk")).values("article")
        week_ago = timezone.localdate() - timedelta(days=6)
        return queryset.annotate(
            total_views=Coalesce(Subquery(views.annotate(n=Sum("views")).values("n")), 0),
            week_views=Coalesce(
                Subquery(views.filter(day__gte=week_ago).annotate(n=Sum("views")).values("n")),
                0,
            ),
        )

    def get_ordering(self, request):
        """The desk's queue: 승인대기 first, the longest waiting on top; then 예약, the next to
        go live on top; then the rest, the last changed on top. Written out with explicit
        NULLS LAST, so that PostgreSQL and SQLite (which disagree on where empty times go)
        give the same order."""
        # Self-contained (no annotation of get_queryset): Django also orders the choices of
        # fields pointing to articles (관련 기사) by it. Articles that went to review without
        # services.article_submit (demo content) wait from their last change.
        # Article.objects.scheduled(), as a condition on the row:
        scheduled = Q(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
        in_review = Q(status=Article.Status.REVIEW)
        return [
            Case(When(in_review, then=Value(0)), When(scheduled, then=Value(1)), default=Value(2)),
            Case(
                When(in_review, then=Coalesce("submitted_at", "updated_at")),
                When(scheduled, then=F("publish_at")),
            ).asc(nulls_last=True),
            F("updated_at").desc(),
            F("pk").desc(),
        ]

    def get_list_display(self, request):
        """A reporter's list holds only their own articles: no 기자 column."""
        columns = super().get_list_display(request)
        return columns if is_desk(request.user) else [c for c in columns if c != "reporter_name"]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if is_desk(request.user):
            return filters
        return [f for f in filters if f != ("reporter", ReporterFilter)]

    def get_actions(self, request):
        """Django's delete, named as the other moves ("선택한 기사 …", not Django's "선택된 기사
        을/를 삭제합니다.") and put last, after the moves the desk makes all day."""
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _ = actions.pop("delete_selected")
            actions[name] = (function, name, "선택한 기사 삭제")
        return actions

    def changelist_view(self, request, extra_context=None):
        title = "기사" if is_desk(request.user) else "내 기사"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_publish_permission(self, request):
        return is_desk(request.user)

    def has_add_permission(self, request):
        allowed = super().has_add_permission(request)
        return allowed and (is_desk(request.user) or hasattr(request.user, "reporter"))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or is_desk(request.user):
            return allowed
        return allowed and is_own(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or is_desk(request.user):
            return allowed
        return allowed and is_own(request.user, obj) and obj.state in REPORTER_EDITS

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or is_desk(request.user) or is_own(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if is_desk(request.user) else [*fields, *DESK_ONLY]

    # The list ---------------------------------------------------------------------------------

    # Sorted by the publish time, empty last (as PostgreSQL does), on every database.
    @admin.display(description="상태", ordering=F("publish_at").asc(nulls_last=True))
    def state_badge(self, obj):
        """The state, with its moment: when it went to the desk (승인대기), when it goes or
        went live (예약, 게재중)."""
        state = obj.state
        when = None
        if state == State.REVIEW:
            when = obj.submitted_at or obj.updated_at  # as the list's order has it
        elif state in (State.SCHEDULED, State.LIVE):
            when = obj.publish_at
        if when is None:
            return format_html('<span class="state {}">{}</span>', state.css_class, state.label)
        return format_html(
            '<span class="state {}">{} {}</span>', state.css_class, state.label, short_time(when)
        )

    @admin.display(description="기자", ordering="reporter__name")
    def reporter_name(self, obj):
        return obj.reporter.name

    @admin.display(description="최근 변경", ordering="updated_at")
    def changed(self, obj):
        return short_time(obj.updated_at)

    @admin.display(description="미리보기")
    def preview_link(self, obj):
        url = reverse("articles:preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">미리보기</a>', url)

    @admin.display(description="전체 조회", ordering="total_views", empty_value="–")
    def views_total(self, obj):
        return f"{obj.total_views:,}" if obj.total_views else None

    @admin.display(description="7일 조회", ordering="week_views", empty_value="–")
    def views_week(self, obj):
        return f"{obj.week_views:,}" if obj.week_views else None

    @admin.display(description="최근 30일 일별 조회수")
    def views_chart(self, obj):
        if obj.pk is None:
            return "저장한 뒤에 보입니다."
        last_day = timezone.localdate()
        rows = obj.daily_views.filter(day__gt=last_day - timedelta(days=30))
        return daily_views_svg(dict(rows.values_list("day", "views")), last_day=last_day)

    def view_on_site(self, obj):
        """Only a live article has a reader page; the others have 미리보기."""
        return obj.get_absolute_url() if obj.is_published() else None

    # Saving: the form's content, then the button's move, as one save and one revision ------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.action = action_of(request)
        form.user = request.user
        form.refused = getattr(request, "move_refused", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        action = action_of(request)
        if action is not None and not request.user.has_perm(action.perm):
            raise PermissionDenied
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MoveRefused as refused:
            # The admin's transaction is rolled back: nothing was saved. The same post again,
            # checked afresh, with the service's reason on the form; everything typed stays.
            refused.form.unsaved()
            for _, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)  # read once already
            request.move_refused = refused.message
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            if not is_desk(request.user):
                obj.reporter = request.user.reporter
        reason = restore_reason(request)
        if reason is not None:
            obj._change_reason = reason
        action = form.action
        if action is None:
            super().save_model(request, obj, form, change)
            form.saved()
            return None
        details = {}
        if action.code == "schedule":
            details["publish_at"] = form.cleaned_data["publish_at"]
        try:
            services.article_move(action=action.code, article=obj, by=request.user, **details)
        except ValidationError as error:
            raise MoveRefused(" ".join(error.messages), form) from error
        except PermissionDenied as error:
            message = str(error) or "이 기사에 그 일을 할 권한이 없습니다."
            raise MoveRefused(message, form) from error
        form.saved()
        request.workflow_done = action.done_message(obj)
        return None

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_pending_photo"
        view = self.admin_site.admin_view(self.pending_photo_view)
        return [path("pending-photo/<str:token>/", view, name=name), *super().get_urls()]

    def pending_photo_view(self, request, token):
        """The lead photo waiting for its article's save (articles.pending), shown on the form
        that keeps it, to the person who chose it and no one else."""
        try:
            waiting = pending.find(token, user=request.user)
        except pending.Gone:
            raise Http404("사진이 없습니다.") from None
        response = FileResponse(pending.storage().open(waiting.file))
        patch_cache_control(response, private=True, max_age=int(pending.MAX_AGE.total_seconds()))
        return response

    def get_search_results(self, request, queryset, search_term):
        """Pickers of articles (Django's autocomplete: related articles, the front page's pins)
        list the newest first. The related-article picker (asking for RelatedArticle.related)
        leaves out the article being edited, which RelatedArticlePicker names in its URL."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        asks = request.GET
        if asks.get("field_name"):  # an autocomplete; the list's own search sends none
            queryset = queryset.order_by(F("publish_at").desc(nulls_last=True), "-pk")
        excluded = asks.get(EXCLUDE_PARAM, "")
        picking = (asks.get("app_label"), asks.get("model_name"), asks.get("field_name")) == (
            RelatedArticle._meta.app_label,
            RelatedArticle._meta.model_name,
            "related",
        )
        if picking and excluded.isascii() and excluded.isdigit():
            queryset = queryset.exclude(pk=int(excluded))
        return queryset, may_have_duplicates

    def response_add(self, request, obj, post_url_continue=None):
        return self._workflow_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._workflow_response(request, obj) or super().response_change(request, obj)

    def _workflow_response(self, request, obj):
        done = getattr(request, "workflow_done", None)
        if done is None:
            return None
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, obj):
        """The change form's buttons: the moves of the user's role from where the article
        stands. The desk makes the desk's moves (it publishes, it does not ask itself); a
        reporter, on their own article, the reporter's (승인 요청)."""
        desk = is_desk(request.user)
        can_save = self.has_change_permission(request, obj) if obj else True
        state = obj.state if obj else State.DRAFT
        role = "publish" if desk else "change"
        buttons = [
            (f"_{action.code}", action.label_in(state))
            for action in ACTIONS.values()
            if action.on_form and action.permission == role and state in action.from_states
        ]
        return {
            "workflow_buttons": buttons if can_save else [],
            "can_return": desk and obj is not None and state in ACTIONS["return"].from_states,
            "can_share": desk and obj is not None,
            "restoring": getattr(request, "restoring", None),
            "presence_every": HEARTBEAT_SECONDS,
        }
