"""The article's change form: its fields, declared once, the version it was opened at and the
checks its buttons make; and the small forms of the workflow's own pages."""

import posixpath
from functools import cached_property
from urllib.parse import urlencode

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from newsroom.admin_forms import name_date_and_time

from .. import pending, services
from ..images import CleanImage, process_image
from ..models import Article, RelatedArticle
from ..workflow import SHARE_DURATIONS, display_name

# The article's editorial fields, in the order the change page shows them. The form, the page's
# sections (ArticleAdmin.fieldsets) and restore all read these lists.
HEADLINE = ["title", "subtitle", "section"]
BYLINE = ["reporter"]
BODY = ["body", "summary"]
PHOTO = ["photo", "photo_caption"]
PUBLICATION = ["publish_at"]  # the state itself moves only by the workflow's buttons
# What restoring an older revision brings back: the content, never the byline or the state.
CONTENT = [*HEADLINE, *BODY, *PHOTO]
# Shown to a reporter, set only by the desk.
DESK_ONLY = [*BYLINE, *PUBLICATION]
# Derived when the article is saved; shown, never typed.
RECORD = ["first_published_at", "revised_at", "created_at", "updated_at"]


def revision_number(value: str) -> int | None:
    """A revision id typed into a URL or a form: ASCII digits only (int() refuses '²')."""
    return int(value) if value.isascii() and value.isdigit() else None


def edit_token(article: Article) -> str:
    """The version an editor opened: the id of the article's latest revision."""
    if article.pk is None:
        return ""
    latest = article.history.order_by("-history_id").values_list("history_id", flat=True)
    return str(latest.first() or 0)


# The lead photo waiting for its article's save (articles.pending) travels with the form in a
# hidden field of this name, which the photo's widget writes.
PHOTO_PENDING = "photo_pending"


class CountedTextInput(forms.TextInput):
    """A text input with its length against its limit beside it ("12/200자"), kept up to date as
    one types (static/js/writing.js); the count from the server stands without script."""

    class Media:
        js = ["js/writing.js"]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        count_id = f"{attrs.get('id', name)}_count"
        described = [attrs.get("aria-describedby"), count_id]
        attrs["aria-describedby"] = " ".join(filter(None, described))
        field = super().render(name, value, attrs, renderer)
        context = self.get_context(name, value, attrs)["widget"]
        return render_to_string(
            "admin/articles/article/widgets/counted_input.html",
            {
                "field": field,
                "id": context["attrs"].get("id", ""),
                "count_id": count_id,
                "length": len(self.format_value(value) or ""),
                "limit": context["attrs"].get("maxlength"),
            },
        )


class LeadPhotoInput(forms.ClearableFileInput):
    """The lead photo as a person sees it: a thumbnail of the photo it has now, or of the one
    chosen and kept while the form had an error (articles.pending), with ways to change or
    remove it; a new choice shows at once, before saving (static/js/writing.js)."""

    clear_checkbox_label = "사진 빼기"
    waiting = None  # pending.Pending: set by ArticleForm for the form it belongs to

    class Media:
        js = ["js/writing.js"]

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        file_attrs = {
            key: given
            for key, given in context["attrs"].items()
            if key != "checked" and (key != "disabled" or given)
        }
        file_attrs["class"] = "visually-hidden"  # chosen through the label below
        file_input = forms.FileInput().render(name, None, file_attrs, renderer)
        shown = self.waiting is not None or context["is_initial"]
        clear = ""
        if shown and not self.is_required:
            clear = forms.CheckboxInput().render(
                context["checkbox_name"], self.checked, {"id": context["checkbox_id"]}, renderer
            )
        waiting_url, token_input = "", ""
        if self.waiting is not None:
            waiting_url = reverse("admin:articles_article_pending_photo", args=[self.waiting.token])
            token_input = forms.HiddenInput().render(PHOTO_PENDING, self.waiting.token)
        return render_to_string(
            "admin/articles/article/widgets/lead_photo.html",
            {
                "file_input": file_input,
                "clear": clear,
                "checkbox_id": context["checkbox_id"],
                "clear_label": self.clear_checkbox_label,
                "saved": value if context["is_initial"] else None,
                "saved_name": posixpath.basename(value.name) if context["is_initial"] else "",
                "waiting": self.waiting,
                "waiting_url": waiting_url,
                "token_input": token_input,
                "input_id": context["attrs"].get("id", ""),
            },
        )


class ArticleForm(forms.ModelForm):
    """The article plus the version it was opened at, and the checks for its buttons."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    action = None  # the workflow move its button asks for: set per request by ArticleAdmin
    user = None  # who is editing: set per request by ArticleAdmin (their waiting photos)
    refused = None  # why the workflow's service refused this very form a moment ago, if it did

    class Meta:
        model = Article
        fields = [*HEADLINE, *BYLINE, *BODY, *PHOTO, *PUBLICATION]
        widgets = {
            "title": CountedTextInput,
            "body": CKEditorUploadingWidget(),
            "subtitle": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "photo": LeadPhotoInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_token"].initial = edit_token(self.instance)
        if "publish_at" in self.fields:
            field = self.fields["publish_at"]
            field.help_text = (
                "분 단위로 정한 뒤 ‘예약 게재’를 누르세요. 그 시각에 모든 독자 화면에 나타납니다."
            )
            name_date_and_time(field, "게재")
        if "photo" in self.fields:
            # The upload's name is not kept as it came: process_image() names the photo anew,
            # short enough for the column. A long name is no reason to refuse it.
            self.fields["photo"].max_length = None

    # The lead photo: cleaned the moment it arrives, then kept privately until the article is
    # saved (articles.pending), so that a form error never loses it. -----------------------

    waiting = None  # pending.Pending: the photo this form keeps for its article
    stashed_now = False  # kept from this very post's upload

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        token = self.data.get(PHOTO_PENDING, "")
        if isinstance(photo, UploadedFile) and not isinstance(photo, CleanImage):
            earlier = self.find_waiting(token)
            if earlier is not None:  # still shown, should the new photo be refused
                self.keep_waiting(earlier)
            clean = process_image(photo)
            if earlier is not None:
                pending.discard(earlier)
            self.keep_waiting(pending.stash(clean, user=self.user))
            self.stashed_now = True
            return clean
        if photo is False or not token:  # removed, or nothing was waiting
            return photo
        try:
            clean, waiting = pending.load(token, user=self.user)
        except pending.Gone:
            raise ValidationError(
                "앞서 골라 둔 대표 사진을 찾을 수 없습니다. 저장하지 않은 채 24시간이 지나 "
                "지워졌을 수 있습니다. 사진을 다시 올려 주세요.",
                code="pending_gone",
            ) from None
        self.keep_waiting(waiting)
        return clean

    def find_waiting(self, token):
        try:
            return pending.find(token, user=self.user) if token else None
        except pending.Gone:
            return None

    def keep_waiting(self, waiting):
        """Show (and carry in the form) the photo waiting for this article's save."""
        self.waiting = waiting
        self.fields["photo"].widget.waiting = waiting

    def saved(self):
        """The article is saved: the waiting photo, now in the media storage, waits no more."""
        if self.waiting is not None:
            waiting = self.waiting
            transaction.on_commit(lambda: pending.discard(waiting))

    def unsaved(self):
        """The save was undone and the same post is checked again, which keeps its upload
        anew: what this form kept of it is not needed."""
        if self.stashed_now:
            pending.discard(self.waiting)

    @cached_property
    def changed_data(self):
        changed = super().changed_data
        if self.waiting is not None and "photo" not in changed:
            changed = [*changed, "photo"]
        return changed

    # The whole form ------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.refuse_edit_conflict()
        self.refuse_empty_publish_time(cleaned)
        problem = None
        if self.action is not None:
            problem = services.transition_problem(
                article=self.instance,
                action=self.action.code,
                publish_at=cleaned.get("publish_at"),
            )
        problem = problem or self.refused
        if problem:
            raise ValidationError(problem)
        return cleaned

    def refuse_empty_publish_time(self, cleaned):
        """A published article has a publish time (the database's check
        article_published_has_publish_at). Emptied on a plain save it would not be refused
        there: the save would put the article live as of now. The buttons set the time."""
        if (
            self.action is None
            and "publish_at" in self.fields
            and self.instance.status == Article.Status.PUBLISHED
            and cleaned.get("publish_at") is None
            and "publish_at" not in self.errors
        ):
            self.add_error(
                "publish_at",
                ValidationError(
                    "게재되었거나 예약된 기사는 게재 시각을 비울 수 없습니다. 내리려면 ‘게재 "
                    "취소’(예약이면 ‘예약 취소’)를 누르세요.",
                    code="publish_at_required",
                ),
            )

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


# Related articles: the inline on the change form ---------------------------------------------

ITSELF = "이 기사 자신은 관련 기사로 고를 수 없습니다. 다른 기사를 고르세요."
TWICE = "같은 기사를 두 번 골랐습니다. 겹친 줄을 지우거나 다른 기사를 고르세요."
# The autocomplete's own parameter: the article being edited, which it does not offer.
EXCLUDE_PARAM = "exclude"


class RelatedArticlePicker(AutocompleteSelect):
    """The admin's autocomplete, asking without the article being edited: its URL carries the
    article's id (ArticleAdmin.get_search_results leaves it out). Django's autocomplete.js sends
    only the term, page and field; select2 adds those to this URL, so no script of ours."""

    exclude_pk = None  # set per request by RelatedArticleInline.get_formset

    def get_url(self):
        url = super().get_url()
        if self.exclude_pk is None:
            return url
        return f"{url}?{urlencode({EXCLUDE_PARAM: self.exclude_pk})}"


class RelatedArticleForm(forms.ModelForm):
    # A PositiveSmallIntegerField: PostgreSQL refuses more than this (SQLite would store it).
    position = forms.IntegerField(label="순서", min_value=0, max_value=32767, initial=0)

    class Meta:
        model = RelatedArticle
        fields = ["position", "related"]
        # The database's related_once, checked against saved picks (Model.validate_unique).
        error_messages = {NON_FIELD_ERRORS: {"unique_together": TWICE}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row of the inline table has no label of its own; the column heads are not labels.
        self.fields["position"].widget.attrs["aria-label"] = "관련 기사 순서"
        picker = self.fields["related"].widget
        getattr(picker, "widget", picker).attrs["aria-label"] = "관련 기사"  # inside the links


class RelatedArticleFormSet(forms.BaseInlineFormSet):
    """The desk's picks, checked before the database would refuse them: never the article
    itself (related_not_itself, which Django's inline forms do not check: the parent's key is
    left out of their validation) and never one article twice (related_once)."""

    def clean(self):
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", {})
            related = cleaned.get("related")
            if cleaned.get("DELETE") or related is None or self.instance.pk is None:
                continue
            if related.pk == self.instance.pk:
                form.add_error("related", ValidationError(ITSELF, code="related_not_itself"))
        super().clean()

    def get_unique_error_message(self, unique_check):
        return TWICE

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "이 관련 기사 삭제"

    def get_form_error(self):
        return "이 줄의 기사는 위의 줄에서 이미 골랐습니다."


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
