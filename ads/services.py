"""Counting banners' impressions and clicks, and the desk's notice of banners ending soon.

Impressions and clicks are filtered as article views are (README, "What counts as a view",
articles.services): staff and bots are not counted, and a reader (a client address) counts once
per banner within VIEW_COUNT_DEDUPE_SECONDS, for at most VIEW_COUNT_MAX_PER_HOUR banners an hour.
Each count is one upsert that adds one; one that cannot be written is lost, never the page.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import DatabaseError, connection
from django.utils import timezone

from articles.services import first_this_while, is_countable_view, is_reader_browser
from articles.workflow import minute

from .models import Banner, DailyStat

logger = logging.getLogger(__name__)
MAX_SEEN = 10  # ids one beacon may name: a page has five places, a few banners each
DESK = "데스크"


def _add_one(banner_id: int, column: str) -> bool:
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    impressions, clicks = (1, 0) if column == "impressions" else (0, 1)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (banner_id, day, impressions, clicks) "
                "VALUES (%s, %s, %s, %s) "
                f"ON CONFLICT (banner_id, day) DO UPDATE SET {column} = {table}.{column} + 1",
                [banner_id, timezone.localdate(), impressions, clicks],
            )
    except DatabaseError as error:
        logger.warning("A %s of banner %s was not counted: %s", column, banner_id, error)
        return False
    return True


def banners_seen_record(*, ids: list[int], request) -> int:
    """Count an impression of each live banner among `ids` (what ads.js showed); others are
    ignored. Returns how many were counted."""
    if not ids or not is_reader_browser(request):
        return 0
    live = Banner.objects.live().filter(pk__in=ids[:MAX_SEEN]).values_list("pk", flat=True)
    counted = 0
    for pk in sorted(live):
        if first_this_while(request, f"ad-seen:{pk}", per_hour="ad-seen-per-hour"):
            counted += _add_one(pk, "impressions")
    return counted


def banner_click_record(*, banner: Banner, request) -> bool:
    if not is_countable_view(request):
        return False
    if not first_this_while(request, f"ad-click:{banner.pk}", per_hour="ad-clicks-per-hour"):
        return False
    return _add_one(banner.pk, "clicks")


def banners_ending_notify(*, now=None) -> list[Banner]:
    """Mail the desk once about each banner ending within ADS_ENDING_NOTICE_DAYS days; returns
    the banners named (none when there is nobody to mail: they are named on the next run)."""
    now = now or timezone.now()
    ending = list(
        Banner.objects.filter(
            ends_at__gt=now,
            ends_at__lte=now + timedelta(days=settings.ADS_ENDING_NOTICE_DAYS),
            ending_notice_sent_at__isnull=True,
        )
        .select_related("position")
        .order_by("ends_at", "pk")
    )
    desk = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=DESK)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    recipients = sorted(desk)
    if not ending or not recipients:
        return []
    lines = [
        f"- {banner} ({banner.position.name}): {minute(banner.ends_at)} 종료" for banner in ending
    ]
    body = "\n".join(
        [
            f"곧 끝나는 배너 광고가 {len(ending)}건 있습니다. 연장하려면 관리 화면에서 종료 "
            "시각을 바꾸세요.",
            "",
            *lines,
        ]
    )
    send_mail(f"[광고] 곧 끝나는 배너 {len(ending)}건", body, None, recipients)
    Banner.objects.filter(pk__in=[b.pk for b in ending]).update(ending_notice_sent_at=now)
    return ending
