"""The admin's start page (templates/admin/index.html): what the desk and a reporter need first.

Staff who may change the site settings see which values the law asks every page to show are
still missing, with a link to them. The desk sees the review queue (oldest first), what goes out
today and tomorrow, what went live or was revised in the last hours, today's most read and the
weather fetch's last run. A reporter sees their own articles: returned by the desk with its
note, drafts, in review, scheduled and live. Each list is a slice of a queryset and its count
(Panel.of), so the page costs the same number of queries whatever the number of articles
(tests/articles/test_start_page.py); the lists start from Article.objects.published() and
scheduled(), the one definition of each.

The index template asks for this with {% start_page as start %} (templatetags/admin_start.py), as
Django's own index asks for the recent actions with {% get_admin_log %}: no AdminSite subclass or
replaced site method, and any admin site with the default index template gets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from weather.models import FetchRun

from ..models import Article, Reporter, SiteSettings
from ..ranking import WINDOWS, most_read
from ..workflow import State, is_desk

QUEUE_SIZE = 10  # 승인대기, oldest first
SCHEDULE_SIZE = 30  # today's and tomorrow's schedule
LIST_SIZE = 8  # every other list
MOST_READ_SIZE = 5
RECENT_HOURS = 12  # "what went live in the last hours"
LONG_WAIT = timedelta(hours=2)  # a queued article waiting this long stands out
FETCH_EXPECTED_EVERY = timedelta(minutes=30)  # fetch_weather runs every 10 minutes (deploy/)

REVIEW = Article.Status.REVIEW
DRAFT = Article.Status.DRAFT


@dataclass
class Panel:
    """One list on the page: its first articles, how many there are in all, and the article
    list filtered to all of them. `time` names the moment each row shows, `time_label` what it
    is (변경, 요청, 게재)."""

    articles: list[Article]
    total: int
    state: State
    time: str = "publish_at"
    time_label: str = ""
    empty: str = ""

    @classmethod
    def of(cls, queryset: QuerySet, size: int, state: State, *display: str) -> Panel:
        """The first `size` rows of `queryset` and its count: two queries, whatever the number."""
        return cls(list(queryset[:size]), queryset.count(), state, *display)

    @property
    def more(self) -> int:
        return max(self.total - len(self.articles), 0)

    @property
    def more_url(self) -> str:
        """The article list, filtered to the panel's state (filters.StateFilter)."""
        changelist = reverse("admin:articles_article_changelist")
        return f"{changelist}?{urlencode({'state': self.state.value})}"

    @property
    def rows(self) -> list[tuple[Article, datetime]]:
        return [(article, getattr(article, self.time)) for article in self.articles]


@dataclass
class Day:
    """One day of the schedule."""

    day: date
    name: str  # 오늘, 내일
    articles: list[Article] = field(default_factory=list)


@dataclass
class WeatherFetch:
    """The weather fetch's last run, as the desk needs it: did it work, and is it recent."""

    run: FetchRun | None
    ok: bool
    stale: bool  # no run for longer than fetch_weather's schedule allows


def for_start(queryset: QuerySet) -> QuerySet:
    """Articles as the page lists them: with section and reporter, without the long texts."""
    return queryset.select_related("section", "reporter").defer("body", "search_text", "summary")


def review_queue(queryset: QuerySet) -> QuerySet:
    """승인대기, longest waiting first: from when each went to the desk (Article.submitted_at,
    which edits made while it waits leave alone), or its last change if it went there without
    services.article_submit (demo content), as the article list sorts it."""
    return (
        for_start(queryset.filter(status=REVIEW))
        .annotate(waiting_since=Coalesce("submitted_at", "updated_at"))
        .order_by("waiting_since", "pk")
    )


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, Seoul time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def start_page(request) -> dict:
    """The start page's context for the user making the request."""
    user = request.user
    model_admin = admin.site.get_model_admin(Article)
    context = {
        "can_add": model_admin.has_add_permission(request),
        "role": "",
        "missing_by_law": missing_by_law(user),
    }
    if is_desk(user):
        return {**context, "role": "desk", **desk_start()}
    reporter = getattr(user, "reporter", None)  # as ArticleAdmin.has_add_permission asks it
    if reporter is not None:
        return {**context, "role": "reporter", "reporter": reporter, **reporter_start(reporter)}
    return context


def missing_by_law(user) -> list[str]:
    """The values 신문법 asks every page to show that the site settings still lack, for staff who
    may fill them in (the settings are kept in the cache: no query once read)."""
    if not user.has_perm("articles.change_sitesettings"):
        return []
    return SiteSettings.load().missing_by_law()


def desk_start() -> dict:
    now = timezone.now()
    today = timezone.localdate(now)
    horizon = start_of(today + timedelta(days=2))  # the end of tomorrow
    since = now - timedelta(hours=RECENT_HOURS)

    queue = Panel.of(review_queue(Article.objects.all()), QUEUE_SIZE, State.REVIEW)
    for article in queue.articles:
        article.waiting_long = now - article.waiting_since >= LONG_WAIT

    scheduled = Panel.of(
        for_start(Article.objects.scheduled().filter(publish_at__lt=horizon)).order_by(
            "publish_at", "pk"
        ),
        SCHEDULE_SIZE,
        State.SCHEDULED,
    )
    days = [Day(today, "오늘"), Day(today + timedelta(days=1), "내일")]
    for article in scheduled.articles:
        on_today = timezone.localdate(article.publish_at) == today
        (days[0] if on_today else days[1]).articles.append(article)

    # Went live, or was revised (수정), in the last hours: the newest change first.
    recent = Panel.of(
        for_start(Article.objects.published())
        .filter(Q(publish_at__gte=since) | Q(revised_at__gte=since))
        .annotate(changed_at=Greatest("publish_at", Coalesce("revised_at", "publish_at")))
        .order_by("-changed_at", "-pk"),
        LIST_SIZE,
        State.LIVE,
    )

    return {
        "now": now,
        "queue": queue,
        "scheduled": scheduled,
        "schedule": days,
        "recent": recent,
        "recent_hours": RECENT_HOURS,
        "most_read": most_read("day", MOST_READ_SIZE),
        "most_read_label": WINDOWS["day"][0],
        "weather": weather_fetch(now),
    }


def reporter_start(reporter: Reporter) -> dict:
    now = timezone.now()
    mine = for_start(Article.objects.filter(reporter=reporter))
    drafts = mine.filter(status=DRAFT).order_by("-updated_at", "-pk")
    return {
        "now": now,
        # Returned to the reporter with the desk's note (services.article_return); the note is
        # cleared when they submit it again.
        "returned": Panel.of(
            drafts.exclude(desk_note=""), LIST_SIZE, State.DRAFT, "updated_at", "변경"
        ),
        "panels": [
            Panel.of(
                drafts.filter(desk_note=""),
                LIST_SIZE,
                State.DRAFT,
                "updated_at",
                "변경",
                "작성 중인 기사가 없습니다.",
            ),
            Panel.of(
                review_queue(mine),
                LIST_SIZE,
                State.REVIEW,
                "waiting_since",
                "요청",
                "데스크 검토를 기다리는 기사가 없습니다.",
            ),
            Panel.of(
                mine.scheduled().order_by("publish_at", "pk"),
                LIST_SIZE,
                State.SCHEDULED,
                "publish_at",
                "게재 예정",
                "예약된 기사가 없습니다.",
            ),
            Panel.of(
                mine.published().order_by("-publish_at", "-pk"),
                LIST_SIZE,
                State.LIVE,
                "publish_at",
                "게재",
                "게재 중인 기사가 없습니다.",
            ),
        ],
    }


def weather_fetch(now: datetime) -> WeatherFetch:
    """fetch_weather's last run (weather.FetchRun): one query."""
    run = FetchRun.objects.order_by("-started_at", "-pk").first()
    if run is None:
        return WeatherFetch(run=None, ok=False, stale=True)
    return WeatherFetch(
        run=run,
        ok=run.outcome == FetchRun.Outcome.OK,
        stale=now - run.started_at > FETCH_EXPECTED_EVERY,
    )
