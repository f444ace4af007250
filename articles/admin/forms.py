"""The article's change form: its fields, declared once, the version it was opened at and the
checks its buttons make; and the small forms of the workflow's own pages."""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import services
from ..images import process_image
from ..models import Article
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


class ArticleForm(forms.ModelForm):
    """The article plus the version it was opened at, and the checks for its buttons."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    action = None  # the workflow move its button asks for: set per request by ArticleAdmin

    class Meta:
        model = Article
        fields = [*HEADLINE, *BYLINE, *BODY, *PHOTO, *PUBLICATION]
        widgets = {
            "body": CKEditorUploadingWidget(),
            "subtitle": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_token"].initial = edit_token(self.instance)
        if "publish_at" in self.fields:
            self.fields[
                "publish_at"
            ].help_text = (
                "분 단위로 정한 뒤 ‘예약 게재’를 누르세요. 그 시각에 모든 독자 화면에 나타납니다."
            )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and not getattr(photo, "_committed", False) and hasattr(photo, "size"):
            return process_image(photo)
        return photo

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.refuse_edit_conflict()
        if self.action is not None:
            problem = services.transition_problem(
                article=self.instance,
                action=self.action.code,
                publish_at=cleaned.get("publish_at"),
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
