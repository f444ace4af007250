"""An article's revisions in the admin, and restoring one.

Every save keeps a revision (django-simple-history). Restoring opens the ordinary change form
filled with an older revision's content (forms.CONTENT), so the same permissions, checks and
revision apply when it is saved.
"""

import difflib
from datetime import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from simple_history.template_utils import HistoricalRecordContextHelper

from ..models import Article
from ..teasers import html_to_text
from ..workflow import minute
from .actions import article_missing
from .forms import CONTENT, revision_number

RESTORE_VAR = "restore"
HISTORY_TYPES = {"+": "만듦", "~": "고침", "-": "지움"}


def restore_reason(request) -> str | None:
    """The revision's reason when the change form was opened to restore an older one."""
    record = getattr(request, "restoring", None)
    return None if record is None else f"{minute(record.history_date)} 판으로 되돌림"


# Texts whose change is shown word by word (the body as its text, without the markup).
WORD_DIFF_FIELDS = frozenset({"title", "subtitle", "summary", "photo_caption", "body"})
# Unchanged words kept on each side of a change; longer unchanged stretches become "…".
CONTEXT_WORDS = 6


def word_diff(old: str, new: str, *, context: int = CONTEXT_WORDS) -> SafeString:
    """What changed between two plain texts, word by word (words split on whitespace): removed
    words in <del>, added ones in <ins>, a few unchanged words around each change, escaped."""
    before, after = (old or "").split(), (new or "").split()
    if before == after:
        return format_html('<span class="quiet">{}</span>', "글은 그대로이고 서식·띄어쓰기만 바뀜")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = before[i1:i2]
            head = words[:context] if index > 0 else []
            tail = words[-context:] if index < len(opcodes) - 1 else []
            if len(head) + len(tail) >= len(words):
                kept = [" ".join(words)]
            else:
                kept = [" ".join(head), "…", " ".join(tail)]
            parts.extend(format_html("{}", text) for text in kept if text)
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(after[j1:j2])))
    return mark_safe(" ".join(parts))  # every part escaped by format_html


class KoreanHistoryHelper(HistoricalRecordContextHelper):
    """Show changed values as the newsroom reads them: Seoul time, state words, texts as a word
    diff, the photo as its thumbnails.

    Each change is a dict for the template: field (the label), kind ("words", "photo", "state"
    or "value"), and diff (words), old/new (photo: the file's URL or ""; state: the label and
    its badge class; value: the shown value)."""

    def context_for_delta_changes(self, delta):
        return [self.change_context(change) for change in delta.changes]

    def change_context(self, change) -> dict:
        label = Article._meta.get_field(change.field).verbose_name
        if change.field in WORD_DIFF_FIELDS:
            old, new = change.old or "", change.new or ""
            if change.field == "body":
                old, new = html_to_text(old), html_to_text(new)
            return {"field": label, "kind": "words", "diff": word_diff(old, new)}
        if change.field == "photo":
            return {
                "field": label,
                "kind": "photo",
                "old": photo_url(change.old),
                "new": photo_url(change.new),
            }
        if change.field == "status":
            return {
                "field": label,
                "kind": "state",
                "old": status_badge(change.old),
                "new": status_badge(change.new),
            }
        formatted = self.format_delta_change(change)
        return {"field": label, "kind": "value", "old": formatted.old, "new": formatted.new}

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value in (None, ""):
            return "(없음)"
        if isinstance(value, datetime):
            return f"{timezone.localtime(value):%Y.%m.%d %H:%M:%S}"
        return value


def photo_url(value) -> str:
    """The URL of a revision's lead photo (a FieldFile or its name), "" without one."""
    if not value:
        return ""
    name = value.name if isinstance(value, FieldFile) else str(value)
    return Article._meta.get_field("photo").storage.url(name)


STATUS_BADGES = {
    Article.Status.DRAFT: "state-draft",
    Article.Status.REVIEW: "state-review",
    Article.Status.PUBLISHED: "state-live",
}


def status_badge(value) -> SafeString:
    if not value:
        return format_html("{}", "(없음)")
    status = Article.Status(value)
    return format_html('<span class="state {}">{}</span>', STATUS_BADGES[status], status.label)


class RevisionsMixin:
    """ArticleAdmin's history page and restore, over SimpleHistoryAdmin."""

    object_history_template = "admin/articles/article/object_history.html"

    def get_object(self, request, object_id, from_field=None):
        """With ?restore=<revision>, the article carrying that revision's content."""
        article = super().get_object(request, object_id, from_field)
        version = revision_number(request.GET.get(RESTORE_VAR, ""))
        if article is None or version is None:
            return article
        record = article.history.filter(history_id=version).first()
        if record is not None:
            for name in CONTENT:
                attname = Article._meta.get_field(name).attname
                value = getattr(record, attname)
                setattr(article, attname, value.name if isinstance(value, FieldFile) else value)
            request.restoring = record
        return article

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.select_related("history_user__reporter").order_by("-history_id")

    def get_historical_record_context_helper(self, request, historical_record):
        return KoreanHistoryHelper(
            self.model, historical_record, max_displayed_delta_change_chars=160
        )

    def history_view_title(self, request, obj):
        return f"변경 기록: {obj}"

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None and revision_number(unquote(object_id)) is None:
            # Not even an id (the library's own view would answer 500); a deleted article's
            # history, found by its id, is still shown.
            return article_missing(self, request, object_id)
        context = {
            "history_types": HISTORY_TYPES,
            "can_restore": article is not None and self.has_change_permission(request, article),
            "restore_var": RESTORE_VAR,
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The library's revert page leads to the same restore as our history page."""
        article = self.get_object(request, unquote(object_id))
        version = revision_number(unquote(version_id))
        if article is None or version is None:
            return article_missing(self, request, object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        change = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{change}?{RESTORE_VAR}={version}")
