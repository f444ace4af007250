"""A small server-rendered SVG bar chart of daily counts (an article's views, a banner's
impressions or clicks), for the admin."""

from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, GAP = 600, 120, 2


def daily_views_svg(
    views_by_day: dict[date, int], *, last_day: date, days: int = 30, label: str = "조회수"
) -> SafeString:
    first = last_day - timedelta(days=days - 1)
    series = [
        (first + timedelta(days=n), views_by_day.get(first + timedelta(days=n), 0))
        for n in range(days)
    ]
    peak = max((views for _, views in series), default=0) or 1
    bar = WIDTH / days
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#417690"><title>{}: {}회</title></rect>',
        (
            (
                f"{n * bar:.1f}",
                f"{HEIGHT - HEIGHT * views / peak:.1f}",
                f"{bar - GAP:.1f}",
                f"{HEIGHT * views / peak:.1f}",
                day.strftime("%m.%d"),
                views,
            )
            for n, (day, views) in enumerate(series)
        ),
    )
    total = sum(views for _, views in series)
    return format_html(
        '<svg class="views-chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-label="최근 {}일 {}, 모두 {}회">{}'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#999"/></svg>'
        "<p>{} ~ {} · 모두 {}회 · 최고 {}회</p>",
        WIDTH, HEIGHT + 1, WIDTH, HEIGHT + 1, days, label, total, bars,
        HEIGHT, WIDTH, HEIGHT,
        first.strftime("%Y.%m.%d"), last_day.strftime("%Y.%m.%d"), total, peak if total else 0,
    )  # fmt: skip
