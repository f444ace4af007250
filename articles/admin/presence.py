"""Who else has an article's change form open: "○○○ 님이 편집 중".

The form (static/js/presence.js) posts to <id>/editing/ when it opens and every 30 seconds; each
post records (article, user, time) in the never-evicting "counters" cache for a minute and answers
the names of the others whose posts are fresh. Only people who may change the article are
recorded and answered. It is a courtesy: the refusal of a stale save (forms.py) is the guard.
"""

import time

from django.contrib.admin.utils import unquote
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from ..workflow import display_name

HEARTBEAT_SECONDS = 30  # static/js/presence.js posts this often
LIFETIME_SECONDS = 60  # a person who stopped posting is gone after this long
CACHE_ALIAS = "counters"


def _index_key(article_id) -> str:
    return f"editing:{article_id}"


def _entry_key(article_id, user_id) -> str:
    return f"editing:{article_id}:{user_id}"


def presence_record(*, article_id: int, user) -> None:
    """`user` has the article's form open now."""
    cache = caches[CACHE_ALIAS]
    entry = {"name": display_name(user), "at": time.time()}
    cache.set(_entry_key(article_id, user.pk), entry, LIFETIME_SECONDS)
    # The index of who posted lately: read, add, write. Two people opening the form in the same
    # instant may drop one of them from it until their next post puts them back.
    index = cache.get(_index_key(article_id)) or []
    if user.pk not in index:
        index = [*index, user.pk]
    cache.set(_index_key(article_id), index, LIFETIME_SECONDS)


def presence_leave(*, article_id: int, user) -> None:
    """`user` closed the article's form."""
    caches[CACHE_ALIAS].delete(_entry_key(article_id, user.pk))


def presence_others(*, article_id: int, user) -> list[str]:
    """The names of the others whose form posted within the last minute, in order of arrival."""
    cache = caches[CACHE_ALIAS]
    index = [pk for pk in cache.get(_index_key(article_id)) or [] if pk != user.pk]
    entries = cache.get_many([_entry_key(article_id, pk) for pk in index])
    fresh_since = time.time() - LIFETIME_SECONDS
    return [
        entry["name"]
        for pk in index
        if (entry := entries.get(_entry_key(article_id, pk))) and entry["at"] > fresh_since
    ]


class PresenceMixin:
    """ArticleAdmin's <id>/editing/: the heartbeat of an open change form."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_editing"
        view = self.admin_site.admin_view(require_POST(self.editing_view))
        return [path("<path:object_id>/editing/", view, name=name), *super().get_urls()]

    def editing_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("기사가 없습니다.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("leaving"):
            presence_leave(article_id=article.pk, user=request.user)
            return JsonResponse({"others": []})
        presence_record(article_id=article.pk, user=request.user)
        others = presence_others(article_id=article.pk, user=request.user)
        return JsonResponse({"others": others, "every": HEARTBEAT_SECONDS})
