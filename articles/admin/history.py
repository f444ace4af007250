"""An article's revisions in the admin, and restoring one.

Every save keeps a revision (django-simple-history). Restoring opens the ordinary change form
filled with an older revision's content (forms.CONTENT), so the same permissions, checks and
revision apply when it is saved.
"""

from datetime import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from simple_history.template_utils import HistoricalRecordContextHelper

from ..models import Article
from ..teasers import html_to_text
from ..workflow import minute
from .forms import CONTENT, revision_number

RESTORE_VAR = "restore"
HISTORY_TYPES = {"+": "만듦", "~": "고침", "-": "지움"}


def restore_reason(request) -> str | None:
    """The revision's reason when the change form was opened to restore an older one."""
    record = getattr(request, "restoring", None)
    return None if record is None else f"{minute(record.history_date)} 판으로 되돌림"


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
        """The library's revert page leads to the same restore as our history page."""
        article = self.get_object(request, unquote(object_id))
        version = revision_number(unquote(version_id))
        if article is None or version is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        change = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{change}?{RESTORE_VAR}={version}")
