"""The editorial workflow in the admin, under ArticleAdmin (admin.py).

Reporters see and edit only their own articles while they are 작성중 or 승인대기; the desk does
everything. Every move between states goes through services.py, every save keeps a revision
(django-simple-history), and a save over someone else's newer save is refused.
"""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import services
from .forms import ArticleAdminForm
from .models import Article
from .teasers import html_to_text
from .workflow import SHARE_DURATIONS, State, display_name, is_desk, is_own, share_token

# Buttons on the change form and the move each one makes after saving the form.
BUTTONS = {
    "_submit": "submit",
    "_publish": "publish",
    "_schedule": "schedule",
    "_unpublish": "unpublish",
}
DONE = {
    "submit": "“{}” 기사를 승인 요청했습니다. 데스크가 검토합니다.",
    "publish": "“{}” 기사를 지금 게재했습니다.",
    "schedule": "“{}” 기사를 {} 게재로 예약했습니다.",
    "unpublish": "“{}” 기사의 게재를 취소했습니다. 작성중으로 돌아갔고 독자에게는 보이지 않습니다.",
    "return": "“{}” 기사를 기자에게 되돌렸습니다.",
}
# What a restore brings back from an older version: the content, never the workflow state.
RESTORED_FIELDS = ["title", "subtitle", "section", "body", "summary", "photo", "photo_caption"]
RESTORE_VAR = "restore"
HISTORY_TYPES = {"+": "만듦", "~": "고침", "-": "지움"}


def revision_number(value: str) -> int | None:
    """A revision id typed into a URL or a form: ASCII digits only (int() refuses '²')."""
    return int(value) if value.isascii() and value.isdigit() else None


def intent_of(request) -> str | None:
    if request.method != "POST":
        return None
    return next((intent for button, intent in BUTTONS.items() if button in request.POST), None)


def minute(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y.%m.%d %H:%M}"


def edit_token(article: Article) -> str:
    """The version an editor opened: the id of the article's latest revision."""
    if article.pk is None:
        return ""
    latest = article.history.order_by("-history_id").values_list("history_id", flat=True)
    return str(latest.first() or 0)


class StateFilter(admin.SimpleListFilter):
    title = "상태"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "작성중"),
            ("review", "승인대기"),
            ("scheduled", "예약"),
            ("live", "게재중"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=Article.Status.PUBLISHED)
        return {
            "draft": queryset.filter(status=Article.Status.DRAFT),
            "review": queryset.filter(status=Article.Status.REVIEW),
            "scheduled": queryset.filter(published, publish_at__gt=now),
            "live": queryset.filter(published, publish_at__lte=now),
        }.get(self.value(), queryset)


class ArticleWorkflowForm(ArticleAdminForm):
    """The article form plus the version it was opened at, and the checks for its buttons."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    intent = None  # set per request by ArticleWorkflowAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_token"].initial = edit_token(self.instance)
        if "publish_at" in self.fields:
            self.fields[
                "publish_at"
            ].help_text = (
                "분 단위로 정한 뒤 ‘예약 게재’를 누르세요. 그 시각에 모든 독자 화면에 나타납니다."
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.refuse_edit_conflict()
        if self.intent:
            problem = services.transition_problem(
                article=self.instance, action=self.intent, publish_at=cleaned.get("publish_at")
            )
            if problem:
                raise ValidationError(problem)
        return cleaned

    def refuse_edit_conflict(self):
        # The admin validates and saves in one transaction: from here until this save and its
        # revision are committed, the article's row is locked. A second save of the same version
        # waits here, then finds this one's revision below, so it is refused, never lost.
        services.article_lock(article=self.instance)
        opened = revision_number(self.data.get("edit_token", ""))
        if opened is None:
            return  # only forms from before this check; the page always sends its version
        newer = list(
            self.instance.history.filter(history_id__gt=opened)
            .select_related("history_user__reporter")
            .order_by("history_id")
        )
        if not newer:
            return
        names = list(dict.fromkeys(display_name(record.history_user) for record in newer))
        latest = newer[-1]
        # The next save is a decision made knowing this; it may go ahead.
        self.data = self.data.copy()
        self.data["edit_token"] = str(latest.history_id)
        preview = reverse("articles:preview", args=[self.instance.pk])
        history = reverse("admin:articles_article_history", args=[self.instance.pk])
        raise ValidationError(
            format_html(
                "이 기사를 편집하는 사이 {}님이 {}에 먼저 저장했습니다. 덮어쓰지 않도록 저장하지 "
                "않았습니다. <a href='{}' target='_blank' rel='noopener'>{}님이 저장한 판 보기</a>"
                " · <a href='{}' target='_blank' rel='noopener'>바뀐 내용</a>. 지금 화면의 내용은 "
                "그대로 있습니다. 확인한 뒤 다시 저장하면 지금 화면의 내용으로 바뀝니다.",
                ", ".join(names),
                f"{timezone.localtime(latest.history_date):%m.%d %H:%M:%S}",
                preview,
                names[-1],
                history,
            ),
            code="edit_conflict",
        )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="게재 시각",
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": 60}, format="%Y-%m-%dT%H:%M"
        ),
        help_text="서울 시각, 분 단위. 그 시각부터 독자에게 보입니다.",
    )


class ReturnForm(forms.Form):
    message = forms.CharField(
        label="기자에게 남길 말",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="기사는 작성중으로 돌아가고, 기자가 기사를 열면 이 말이 맨 위에 보입니다.",
    )


class ShareForm(forms.Form):
    duration = forms.ChoiceField(
        label="열어 둘 기간",
        choices=[(key, label) for key, (label, _) in SHARE_DURATIONS.items()],
        initial="1d",
    )


class KoreanHistoryHelper(HistoricalRecordContextHelper):
    """Show changed values as the newsroom reads them: Seoul time, state words, body text."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value in (None, ""):
            return "(없음)"
        if isinstance(value, datetime):
            return f"{timezone.localtime(value):%Y.%m.%d %H:%M:%S}"
        if change.field == "status":
            return Article.Status(value).label
        if change.field == "body":
            return html_to_text(value)
        return value


class ArticleWorkflowAdmin(SimpleHistoryAdmin):
    form = ArticleWorkflowForm
    actions = [
        "submit_selected",
        "publish_selected",
        "schedule_selected",
        "unpublish_selected",
        "return_selected",
    ]
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    # Who sees and changes what -------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_desk(request.user):
            return queryset
        return queryset.filter(reporter__user=request.user)

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
        editable = obj.status in (Article.Status.DRAFT, Article.Status.REVIEW)
        return allowed and is_own(request.user, obj) and editable

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or is_desk(request.user) or is_own(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "state_badge"]
        if not is_desk(request.user):
            fields += ["reporter", "publish_at"]
        return fields

    def get_list_display(self, request):
        return [*super().get_list_display(request), "preview_link"]

    @admin.display(description="상태", ordering="publish_at")
    def state_badge(self, obj):
        state = obj.state
        when = ""
        if state in (State.SCHEDULED, State.LIVE):
            when = f" {timezone.localtime(obj.publish_at):%m.%d %H:%M}"
        return format_html('<span class="state {}">{}{}</span>', state.css_class, state.label, when)

    def view_on_site(self, obj):
        """Only a live article has a reader page; the others have 미리보기."""
        return obj.get_absolute_url() if obj.is_published() else None

    @admin.display(description="미리보기")
    def preview_link(self, obj):
        url = reverse("articles:preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">미리보기</a>', url)

    # Saving: the form's content, then the button's move, as one save and one revision ------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.intent = intent_of(request)
        return form

    def get_object(self, request, object_id, from_field=None):
        """With ?restore=<revision>, the article carrying that revision's content."""
        article = super().get_object(request, object_id, from_field)
        version = revision_number(request.GET.get(RESTORE_VAR, ""))
        if article is None or version is None:
            return article
        record = article.history.filter(history_id=version).first()
        if record is not None:
            for name in RESTORED_FIELDS:
                attname = Article._meta.get_field(name).attname
                value = getattr(record, attname)
                setattr(article, attname, value.name if isinstance(value, FieldFile) else value)
            request.restoring = record
        return article

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        intent = intent_of(request)
        if intent and intent != "submit" and not is_desk(request.user):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            if not is_desk(request.user):
                obj.reporter = request.user.reporter
        record = getattr(request, "restoring", None)
        if record is not None:
            obj._change_reason = f"{minute(record.history_date)} 판으로 되돌림"
        intent = form.intent
        if intent is None:
            return super().save_model(request, obj, form, change)
        if intent == "schedule":
            services.article_schedule(
                article=obj, publish_at=form.cleaned_data["publish_at"], by=request.user
            )
            request.workflow_done = DONE[intent].format(obj, minute(obj.publish_at))
            return None
        run = {
            "submit": services.article_submit,
            "publish": services.article_publish,
            "unpublish": services.article_unpublish,
        }[intent]
        run(article=obj, by=request.user)
        request.workflow_done = DONE[intent].format(obj)
        return None

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
        return HttpResponseRedirect(self._change_url(obj))

    def _change_url(self, obj):
        return reverse("admin:articles_article_change", args=[obj.pk])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, obj):
        desk = is_desk(request.user)
        can_save = self.has_change_permission(request, obj) if obj else True
        state = obj.status if obj else Article.Status.DRAFT
        live = obj is not None and obj.status == Article.Status.PUBLISHED and not obj.is_scheduled
        buttons = []
        if can_save and desk:
            if not live:
                buttons += [("_publish", "지금 게재"), ("_schedule", "예약 게재")]
            if state == Article.Status.PUBLISHED:
                buttons.append(("_unpublish", "예약 취소" if obj.is_scheduled else "게재 취소"))
        elif can_save and state == Article.Status.DRAFT:
            buttons.append(("_submit", "승인 요청"))
        return {
            "workflow_buttons": buttons,
            "can_return": desk and obj is not None and not live,
            "can_share": desk and obj is not None,
            "restoring": getattr(request, "restoring", None),
        }

    # Revisions ------------------------------------------------------------------------------

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.select_related("history_user__reporter").order_by("-history_id")

    def get_historical_record_context_helper(self, request, historical_record):
        return KoreanHistoryHelper(
            self.model, historical_record, max_displayed_delta_change_chars=160
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None and revision_number(unquote(object_id)) is None:
            # Not even an id (the library's own view would answer 500); a deleted article's
            # history, found by its id, is still shown.
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            "history_types": HISTORY_TYPES,
            "can_restore": article is not None and self.has_change_permission(request, article),
            "restore_var": RESTORE_VAR,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring opens the ordinary change form filled with the older content, so the
        same permissions, checks and revision apply when it is saved."""
        article = self.get_object(request, unquote(object_id))
        version = revision_number(unquote(version_id))
        if article is None or version is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return HttpResponseRedirect(f"{self._change_url(article)}?{RESTORE_VAR}={version}")

    # Pages of their own: return with a message, share link ---------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/return/",
                self.admin_site.admin_view(self.return_view),
                name="{}_{}_return".format(*info),
            ),
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(self.share_view),
                name="{}_{}_share".format(*info),
            ),
            *super().get_urls(),
        ]

    def _desk_article(self, request, object_id):
        if not is_desk(request.user):
            raise PermissionDenied
        return self.get_object(request, unquote(object_id))

    def return_view(self, request, object_id):
        article = self._desk_article(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = ReturnForm(request.POST or None)
        if form.is_valid():
            try:
                services.article_return(
                    article=article, message=form.cleaned_data["message"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, DONE["return"].format(article), messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(article))
        return self._page(
            request, "return.html", "기자에게 되돌리기", form=form, articles=[article]
        )

    def share_view(self, request, object_id):
        article = self._desk_article(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = ShareForm(request.POST or None)
        link = expires_at = None
        if form.is_valid():
            expires_at = timezone.now() + SHARE_DURATIONS[form.cleaned_data["duration"]][1]
            token = share_token(article=article, expires_at=expires_at)
            link = request.build_absolute_uri(reverse("articles:share", args=[article.pk, token]))
        return self._page(
            request,
            "share.html",
            "공유 링크 만들기",
            form=form,
            articles=[article],
            article=article,
            link=link,
            expires_at=expires_at,
        )

    def _page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/articles/article/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "media": self.media,
                **context,
            },
        )

    # List actions -----------------------------------------------------------------------------

    def _run(self, request, queryset, action, verb, **details):
        service = getattr(services, f"article_{action}")
        done, refused = 0, []
        for article in queryset:
            try:
                service(article=article, by=request.user, **details)
            except (ValidationError, PermissionDenied) as error:
                reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
                refused.append((article.title, reason))
            else:
                done += 1
        if done:
            self.message_user(request, f"기사 {done}건을 {verb}.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                format_html(
                    "다음 기사는 그대로 두었습니다: {}",
                    format_html_join(", ", "“{}” ({})", refused),
                ),
                messages.WARNING,
            )

    def _action_page(self, request, queryset, action, template, title, form):
        return self._page(
            request,
            template,
            title,
            form=form,
            articles=list(queryset),
            action=action,
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )

    @admin.action(permissions=["change"], description="선택한 기사 승인 요청")
    def submit_selected(self, request, queryset):
        self._run(request, queryset, "submit", "승인 요청했습니다")

    @admin.action(permissions=["publish"], description="선택한 기사 지금 게재")
    def publish_selected(self, request, queryset):
        self._run(request, queryset, "publish", "게재했습니다")

    @admin.action(permissions=["publish"], description="선택한 기사 예약 게재…")
    def schedule_selected(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            when = form.cleaned_data["publish_at"]
            verb = f"{minute(services.to_the_minute(when))} 게재로 예약했습니다"
            self._run(request, queryset, "schedule", verb, publish_at=when)
            return None
        return self._action_page(
            request, queryset, "schedule_selected", "schedule.html", "예약 게재", form
        )

    @admin.action(permissions=["publish"], description="선택한 기사 게재 취소 (작성중으로)")
    def unpublish_selected(self, request, queryset):
        self._run(request, queryset, "unpublish", "게재 취소했습니다")

    @admin.action(permissions=["publish"], description="선택한 기사 기자에게 되돌리기…")
    def return_selected(self, request, queryset):
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            message = form.cleaned_data["message"]
            self._run(request, queryset, "return", "기자에게 되돌렸습니다", message=message)
            return None
        return self._action_page(
            request, queryset, "return_selected", "return.html", "기자에게 되돌리기", form
        )
