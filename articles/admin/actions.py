"""The workflow's moves on many articles at once (the list's bulk actions, one per row of
workflow.ACTIONS), and the pages that ask for what a move needs: the time to schedule, the note
to return with, a share link's lifetime."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .. import services
from ..workflow import ACTIONS, SHARE_DURATIONS, Action, is_desk, minute, share_token
from .forms import ReturnForm, ScheduleForm, ShareForm

# The moves that need more than the article, and the page that asks for it.
ASKS = {"schedule": (ScheduleForm, "schedule.html"), "return": (ReturnForm, "return.html")}


def article_missing(model_admin, request, object_id):
    """Back to the list with a message, as Django's change form does for an id it cannot open."""
    model_admin.message_user(
        request,
        f"기사(번호 {object_id})를 찾을 수 없습니다. 삭제되었거나 볼 수 없는 기사입니다.",
        messages.WARNING,
    )
    return HttpResponseRedirect(reverse("admin:articles_article_changelist"))


def bulk_action(action: Action):
    """The list's bulk action `<code>_selected` for a move: each selected article goes through
    the service on its own; the message says how many moved, and which stayed and why."""
    form_class, template = ASKS.get(action.code, (None, None))

    @admin.action(permissions=[action.permission], description=action.bulk)
    def move_selected(model_admin, request, queryset):
        details = {}
        if form_class is not None:
            form = form_class(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return model_admin.action_page(request, queryset, action, template, form)
            details = form.cleaned_data
        done, refused = 0, []
        for article in queryset:
            try:
                services.article_move(
                    action=action.code, article=article, by=request.user, **details
                )
            except (ValidationError, PermissionDenied) as error:
                reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
                refused.append((article.title, reason))
            else:
                done += 1
        if done:
            when = details.get("publish_at")
            when = minute(services.to_the_minute(when)) if when else ""
            verb = action.bulk_done.format(when=when)
            model_admin.message_user(request, f"기사 {done}건을 {verb}.", messages.SUCCESS)
        if refused:
            model_admin.message_user(
                request,
                format_html(
                    "다음 기사는 그대로 두었습니다: {}",
                    format_html_join(", ", "“{}” ({})", refused),
                ),
                messages.WARNING,
            )
        return None

    move_selected.__name__ = f"{action.code}_selected"
    return move_selected


BULK_ACTIONS = [bulk_action(action) for action in ACTIONS.values()]


class ActionPagesMixin:
    """ArticleAdmin's pages of its own: return with a note, share link; and the page a bulk
    action shows to ask for its details."""

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
            return article_missing(self, request, object_id)
        action = ACTIONS["return"]
        form = ReturnForm(request.POST or None)
        if form.is_valid():
            try:
                services.article_return(
                    article=article, message=form.cleaned_data["message"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, action.done_message(article), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
        return self._page(request, "return.html", action.label, form=form, articles=[article])

    def share_view(self, request, object_id):
        article = self._desk_article(request, object_id)
        if article is None:
            return article_missing(self, request, object_id)
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

    def action_page(self, request, queryset, action: Action, template, form):
        """A bulk action's question; the answer comes back to the same action with `apply`."""
        return self._page(
            request,
            template,
            action.label,
            form=form,
            articles=list(queryset),
            action=f"{action.code}_selected",
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
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
