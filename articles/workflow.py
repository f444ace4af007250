"""The editorial workflow as one table, who may do what, and signed share links.

An article stands in one of four states. Only two things are stored, Article.status and
publish_at: 예약 is a published article whose publish time is still ahead, and it becomes 게재중
when that time comes, with no job (Article.objects.published()). The moves between states are
the ACTIONS below; services.py makes them, and the admin's buttons, bulk actions and state filter
are read from the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:  # Article.state reads this module: nothing here imports the models
    from .models import Article


class State(models.TextChoices):
    """Where an article stands (Article.state): a code, with the newsroom's word as its label."""

    DRAFT = "draft", "작성중"
    REVIEW = "review", "승인대기"
    SCHEDULED = "scheduled", "예약"
    LIVE = "live", "게재중"

    @property
    def css_class(self) -> str:
        """The admin's badge colour for the state (static/css/admin.css)."""
        return f"state-{self.value}"


NOT_LIVE = frozenset({State.DRAFT, State.REVIEW, State.SCHEDULED})
# A reporter edits their own article until the desk publishes or schedules it.
REPORTER_EDITS = frozenset({State.DRAFT, State.REVIEW})


@dataclass(frozen=True)
class Action:
    """A move between states. In messages, {article} is the article and {when} its publish
    minute (minute() below)."""

    code: str  # services.article_<code>; the change form's button is named _<code>
    label: str  # the button (or, for return, the link and page) that makes the move
    permission: str  # "change" or "publish": the admin's has_<permission>_permission and
    # articles.<permission>_article; anyone but the desk needs it on their own article
    from_states: frozenset[State]
    refused: str  # why not, from any other state
    done: str  # after the move, on the article's page
    bulk: str  # in the list's action menu
    bulk_done: str  # "기사 N건을 {bulk_done}."
    on_form: bool = True  # a button on the change form; return has its own page for its note
    labels: Mapping[State, str] = field(default_factory=dict)  # the label, where it differs

    @property
    def perm(self) -> str:
        return f"articles.{self.permission}_article"

    def label_in(self, state: State) -> str:
        return self.labels.get(state, self.label)

    def done_message(self, article: Article) -> str:
        when = minute(article.publish_at) if article.publish_at else ""
        return self.done.format(article=article, when=when)


ACTIONS = {
    action.code: action
    for action in [
        Action(
            code="submit",
            label="승인 요청",
            permission="change",
            from_states=frozenset({State.DRAFT}),
            refused="작성중인 기사만 승인 요청할 수 있습니다.",
            done="“{article}” 기사를 승인 요청했습니다. 데스크가 검토합니다.",
            bulk="선택한 기사 승인 요청",
            bulk_done="승인 요청했습니다",
        ),
        Action(
            code="publish",
            label="지금 게재",
            permission="publish",
            from_states=NOT_LIVE,
            refused="이미 게재중인 기사입니다.",
            done="“{article}” 기사를 지금 게재했습니다.",
            bulk="선택한 기사 지금 게재",
            bulk_done="게재했습니다",
        ),
        Action(
            code="schedule",
            label="예약 게재",
            permission="publish",
            from_states=NOT_LIVE,
            refused="게재중인 기사는 예약할 수 없습니다. 먼저 게재를 취소하세요.",
            done="“{article}” 기사를 {when} 게재로 예약했습니다.",
            bulk="선택한 기사 예약 게재…",
            bulk_done="{when} 게재로 예약했습니다",
        ),
        Action(
            code="unpublish",
            label="게재 취소",
            labels={State.SCHEDULED: "예약 취소"},
            permission="publish",
            from_states=frozenset({State.SCHEDULED, State.LIVE}),
            refused="게재중이거나 예약된 기사만 게재를 취소할 수 있습니다.",
            done="“{article}” 기사의 게재를 취소했습니다. 작성중으로 돌아갔고 독자에게는 "
            "보이지 않습니다.",
            bulk="선택한 기사 게재 취소 (작성중으로)",
            bulk_done="게재 취소했습니다",
        ),
        Action(
            code="return",
            label="기자에게 되돌리기",
            permission="publish",
            from_states=NOT_LIVE,
            refused="게재중인 기사는 먼저 게재를 취소한 뒤 되돌리세요.",
            done="“{article}” 기사를 기자에게 되돌렸습니다.",
            bulk="선택한 기사 기자에게 되돌리기…",
            bulk_done="기자에게 되돌렸습니다",
            on_form=False,
        ),
    ]
}


def minute(moment: datetime) -> str:
    """A moment as the newsroom writes it in messages and revisions: Seoul time to the minute."""
    return f"{timezone.localtime(moment):%Y.%m.%d %H:%M}"


PUBLISH_PERMISSION = "articles.publish_article"
SHARE_SALT = "articles.share-link"
SHARE_DURATIONS = {
    "1h": ("1시간", timedelta(hours=1)),
    "6h": ("6시간", timedelta(hours=6)),
    "1d": ("하루", timedelta(days=1)),
    "3d": ("사흘", timedelta(days=3)),
    "7d": ("일주일", timedelta(days=7)),
}


def is_desk(user) -> bool:
    """The desk: may publish, schedule, unpublish and return any article."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_own(user, article: Article) -> bool:
    """The article carries this user's byline."""
    reporter = getattr(user, "reporter", None)
    return reporter is not None and article.reporter_id == reporter.pk


def may(user, action: Action, article: Article) -> bool:
    """The desk may make any move; anyone else only one their permission allows, on their own
    article (a reporter's 승인 요청)."""
    return is_desk(user) or (user.has_perm(action.perm) and is_own(user, article))


def may_preview(user, article: Article) -> bool:
    """The article's reporter and the desk may see it whatever its state; no one else."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return is_desk(user) or (user.has_perm("articles.view_article") and is_own(user, article))


def display_name(user) -> str:
    """How the newsroom calls an account in messages: 이천용(reporter)."""
    if user is None:
        return "알 수 없는 사용자"
    reporter = getattr(user, "reporter", None)
    name = reporter.name if reporter else (user.get_full_name() or "")
    username = user.get_username()
    return f"{name}({username})" if name and name != username else username


@dataclass(frozen=True)
class ShareGrant:
    article_id: int
    status: str
    expires_at: datetime


def share_token(*, article: Article, expires_at: datetime) -> str:
    """A signed token that opens one article until `expires_at`, while its status stays the same.

    No row is stored: the signature is the whole grant. Taking the article down (or any other
    change of status) ends every link made before it.
    """
    payload = {"a": article.pk, "s": article.status, "e": int(expires_at.timestamp())}
    return signing.dumps(payload, salt=SHARE_SALT)


def read_share_token(token: str) -> ShareGrant | None:
    """The grant in a token, or None if it is forged, malformed or expired."""
    try:
        payload = signing.loads(token, salt=SHARE_SALT)
        grant = ShareGrant(
            article_id=int(payload["a"]),
            status=str(payload["s"]),
            expires_at=datetime.fromtimestamp(int(payload["e"]), tz=UTC),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError, OSError):
        return None
    if grant.expires_at <= timezone.now():
        return None
    return grant
