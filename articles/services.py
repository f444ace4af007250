"""Writes that touch several models or the outside world."""

import logging
import re
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from newsroom.client import count_this_hour, reader_id

from .models import Article, DailyViews
from .workflow import ACTIONS, display_name, may, minute

logger = logging.getLogger(__name__)


def is_countable_view(request) -> bool:
    """A reader's GET: not staff, not a HEAD request, not an obvious bot."""
    return request.method == "GET" and is_reader_browser(request)


def is_reader_browser(request) -> bool:
    """Not staff, and a browser's User-Agent that is not an obvious bot (any method)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_staff:
        return False
    agent = request.headers.get("User-Agent", "")
    if not re.search(settings.VIEW_COUNT_UA_ALLOW, agent):
        return False
    return not re.search(settings.VIEW_COUNT_UA_DENY, agent, re.IGNORECASE)


def article_view_record(*, article: Article, request) -> bool:
    """Count one reader view of a live article, by the rule in the README ("What counts as a
    view"); `request` is the beacon the article's page sent (articles.views.article_seen).

    A reader is a client address (newsroom.client): counted once per article within
    VIEW_COUNT_DEDUPE_SECONDS, and for at most VIEW_COUNT_MAX_PER_HOUR articles in a clock hour.
    The count is a single upsert that adds one in the database: no read, no race. A view that
    cannot be written (the database is down) is lost, never the page that counts it.
    """
    if not is_reader_browser(request):
        return False
    if not first_this_while(request, f"viewed:{article.pk}", per_hour="views-per-hour"):
        return False
    table = connection.ops.quote_name(DailyViews._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, 1) "
                f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + 1",
                [article.pk, timezone.localdate()],
            )
    except DatabaseError as error:
        logger.warning("A view of article %s was not counted: %s", article.pk, error)
        return False
    return True


def first_this_while(request, key: str, *, per_hour: str) -> bool:
    """Whether this reader (a client address) sees `key` for the first time within
    VIEW_COUNT_DEDUPE_SECONDS, and is within VIEW_COUNT_MAX_PER_HOUR counts of `per_hour` in this
    clock hour: the repeat filter of article views, for anything else counted the same way."""
    reader = reader_id(request)
    if not caches["counters"].add(f"{key}:{reader}", 1, settings.VIEW_COUNT_DEDUPE_SECONDS):
        return False
    return count_this_hour(per_hour, reader) <= settings.VIEW_COUNT_MAX_PER_HOUR


# The publication workflow: 작성중 → 승인대기 → 예약 / 게재중, and back, by the table in
# workflow.py (ACTIONS: who may make each move, and from which states).
# Each function checks who is asking and where the article stands, then full_clean() and save();
# the save keeps a revision (django-simple-history) with the user and the reason. All of it runs
# in one transaction holding the article's row lock, so two editors' moves cannot cross: the
# second waits, then finds the row changed and is refused.


def transition_problem(
    *, article: Article, action: str, publish_at: datetime | None = None, message: str = ""
) -> str | None:
    """Why `action` cannot happen to the article as it stands, in Korean; None if it can."""
    move = ACTIONS.get(action)
    if move is None:
        raise ValueError(f"unknown action {action!r}")
    if article.state not in move.from_states:
        return move.refused
    if action == "schedule":
        if publish_at is None:
            return "예약할 게재 시각을 입력하세요."
        if to_the_minute(publish_at) <= timezone.now():
            return "예약 시각은 지금보다 뒤여야 합니다 (분 단위)."
    if action == "return" and not message.strip():
        return "기자에게 남길 말을 적어 주세요."
    return None


def to_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def article_lock(*, article: Article) -> Article | None:
    """Hold the article's row until the surrounding transaction ends and return it as it stands
    (state and last change only), or None if it was deleted. On PostgreSQL a second caller
    waits here until the first one's save and revision are committed; SQLite writes one
    transaction at a time anyway."""
    return (
        Article.objects.select_for_update()
        .only("status", "publish_at", "updated_at")
        .filter(pk=article.pk)
        .first()
    )


def _refuse_if_changed(article: Article) -> None:
    """Under the row lock: the move is decided on the article as it stands, and a save never
    writes over a change made after `article` was read."""
    current = article_lock(article=article)
    if current is None:
        raise ValidationError("그사이 이 기사가 지워졌습니다.", code="gone")
    if current.updated_at != article.updated_at:
        latest = article.history.select_related("history_user__reporter").latest()
        raise ValidationError(
            f"그사이 {display_name(latest.history_user)}님이 이 기사를 먼저 바꾸었습니다 "
            f"(지금 {current.state_label}). 그대로 두었으니 새로 불러와 확인한 뒤 다시 하세요.",
            code="changed",
        )


def _check(*, article: Article, action: str, by, **details) -> None:
    if not may(by, ACTIONS[action], article):
        raise PermissionDenied("이 기사에 그 일을 할 권한이 없습니다.")
    if article.pk is not None:
        _refuse_if_changed(article)
    problem = transition_problem(article=article, action=action, **details)
    if problem:
        raise ValidationError(problem)


def _save(*, article: Article, by, reason: str) -> Article:
    article.full_clean()
    article._history_user = by
    article._change_reason = reason
    article.save()
    return article


@transaction.atomic
def article_submit(*, article: Article, by) -> Article:
    """The reporter hands a draft to the desk (승인대기)."""
    _check(article=article, action="submit", by=by)
    article.status = Article.Status.REVIEW
    article.submitted_at = timezone.now()  # the desk's queue waits from here
    article.desk_note = ""
    return _save(article=article, by=by, reason="승인 요청")


@transaction.atomic
def article_publish(*, article: Article, by) -> Article:
    """The desk puts the article live now. 등록 stays what it was if it was ever live."""
    _check(article=article, action="publish", by=by)
    article.status = Article.Status.PUBLISHED
    article.publish_at = timezone.now()
    article.desk_note = ""
    return _save(article=article, by=by, reason="게재")


@transaction.atomic
def article_schedule(*, article: Article, publish_at: datetime, by) -> Article:
    """The desk sets the minute the article goes live; no job runs, the pages just start
    showing it then (Article.objects.published())."""
    _check(article=article, action="schedule", by=by, publish_at=publish_at)
    article.status = Article.Status.PUBLISHED
    article.publish_at = to_the_minute(publish_at)
    article.desk_note = ""
    return _save(
        article=article,
        by=by,
        reason=f"예약 {minute(article.publish_at)}",
    )


@transaction.atomic
def article_unpublish(*, article: Article, by) -> Article:
    """The desk takes the article down (or cancels its schedule): back to 작성중, 404 for
    readers. 등록 (first_published_at) is kept for a later republication."""
    _check(article=article, action="unpublish", by=by)
    article.status = Article.Status.DRAFT
    article.publish_at = None
    return _save(article=article, by=by, reason="게재 취소")


@transaction.atomic
def article_return(*, article: Article, message: str, by) -> Article:
    """The desk sends the article back to its reporter as a draft, with a note."""
    _check(article=article, action="return", by=by, message=message)
    article.status = Article.Status.DRAFT
    article.publish_at = None
    article.desk_note = message.strip()
    return _save(article=article, by=by, reason=f"기자에게 되돌림: {article.desk_note}"[:100])


def article_move(*, action: str, article: Article, by, **details) -> Article:
    """The move named `action` in the workflow table (workflow.ACTIONS), with its details
    (publish_at to schedule, message to return): how the admin's buttons and bulk actions reach
    the functions above."""
    move = {
        "submit": article_submit,
        "publish": article_publish,
        "schedule": article_schedule,
        "unpublish": article_unpublish,
        "return": article_return,
    }[action]
    return move(article=article, by=by, **details)
