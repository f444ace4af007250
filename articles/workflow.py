"""Who may do what with an article, and signed share links.

The writes themselves (submit, publish, schedule, unpublish, return) are in services.py.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.utils import timezone

from .models import Article

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
