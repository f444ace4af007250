"""Writes on tips: a reader's tip stored and the desk told; tips past their time deleted."""

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import SiteSettings

from .files import CleanFile
from .models import Attachment, Tip, private_storage

logger = logging.getLogger(__name__)
DESK = "데스크"


@transaction.atomic
def tip_submit(
    *,
    text: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    files: Iterable[CleanFile] = (),
    absolute_url: Callable[[str], str],
) -> Tip:
    """Store a reader's tip and its files (private storage); after the commit, mail the desk a
    link to it. absolute_url makes the link whole (request.build_absolute_uri)."""
    tip = Tip(text=text, name=name, phone=phone, email=email)
    tip.full_clean()
    tip.save()
    attachments = [
        Attachment(tip=tip, file=f.file, name=f.name, content_type=f.content_type, size=f.size)
        for f in files
    ]
    try:
        Attachment.objects.bulk_create(attachments)  # each file is stored as its row is made
    except Exception:
        _delete_files(a.file.name for a in attachments if a.file._committed)
        raise
    link = absolute_url(tip.admin_url())
    transaction.on_commit(partial(tip_notify_desk, link=link), robust=True)
    return tip


def desk_emails() -> list[str]:
    """TIPS_NOTIFY_EMAILS when set, else the addresses of the desk's active members."""
    if settings.TIPS_NOTIFY_EMAILS:
        return list(settings.TIPS_NOTIFY_EMAILS)
    users = get_user_model().objects.filter(is_active=True, groups__name=DESK).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def tip_notify_desk(*, link: str) -> None:
    """A mail with the link only: neither the tip nor the reader's contact leaves the site."""
    recipients = desk_emails()
    if not recipients:
        logger.warning("A tip came in and nobody is set to be told (TIPS_NOTIFY_EMAILS, 데스크).")
        return
    send_mail(
        "[기사제보] 새 제보가 들어왔습니다",
        "새 기사제보가 접수되었습니다. 관리 화면에 로그인해 확인하세요.\n\n"
        f"{link}\n\n"
        "제보 내용과 제보자 정보는 메일에 싣지 않습니다.",
        None,
        recipients,
    )


def tips_delete(tips) -> int:
    """Delete these tips and their files; the number of tips deleted."""
    with transaction.atomic():
        names = list(
            Attachment.objects.filter(tip__in=tips).exclude(file="").values_list("file", flat=True)
        )
        deleted = Tip.objects.filter(pk__in=tips.values("pk")).delete()[1].get(Tip._meta.label, 0)
        # The files go once the rows are surely gone; a file the storage cannot delete is logged.
        transaction.on_commit(partial(_delete_files, names))
    return deleted


def tips_expired(now=None):
    """The tips past the period their reader agreed to, or past the site's period (SiteSettings)
    if that is shorter now: a tip is never kept longer than either."""
    now = now or timezone.now()
    days = SiteSettings.load().tip_retention_days
    return Tip.objects.filter(Q(delete_by__lt=now) | Q(received_at__lt=now - timedelta(days=days)))


def _delete_files(names: Iterable[str]) -> None:
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not delete the tip file %s", name)
