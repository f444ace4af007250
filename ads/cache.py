"""What readers see of banners, registered once with the page cache (newsroom.pagecache).

Each place on a page is a box ("ads", its code and the kind of page) under the "ads" version,
which every banner or position save or delete replaces, so changing a banner leaves every
page's own stored part alone. Banners' starts and ends are scheduled changes (next_change): no
kept box outlives the minute a banner should appear or go. The box lists every live banner of
its place with its weight; ads.js picks among them for each reader.
"""

from django.conf import settings
from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.utils import timezone

from newsroom import pagecache

from .models import Banner, Position


def next_moment():
    """The next start or end of a banner."""
    now = timezone.now()
    found = Banner.objects.not_ended().aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at")
    )
    return min(filter(None, found.values()), default=None)


def register():
    pagecache.register(Banner, scopes=lambda banner: ("ads",), next_change=next_moment)
    pagecache.register(Position, scopes=lambda position: ("ads",))


def live_banners(current) -> dict[str, list[Banner]]:
    """{position code: its live banners in order}, one query, kept under the "ads" version."""

    def build():
        found = {}
        banners = Banner.objects.live().select_related("position").order_by("order", "pk")
        if not settings.ADS_NETWORK_CODE:
            banners = banners.filter(network_code="")
        for banner in banners:
            if banner.is_network and not banner.position.allows_network:
                continue
            found.setdefault(banner.position.code, []).append(banner)
        return found

    version = current.version_of(("ads",))
    return pagecache.kept("ads-live", version, build, pagecache.LONGEST_KEPT, until=current.until)


@pagecache.register_box("ads", scopes=lambda code, kind: ("ads",), timeout=pagecache.LONGEST_KEPT)
def place(current, code, kind):
    """The banners of one place on one kind of page (home, section, article, other)."""
    banners = live_banners(current).get(code, [])
    if not banners or not banners[0].position.shown_on(kind):
        return ""
    position = banners[0].position
    items = [
        # Hidden ones load only once ads.js shows them; below the fold, all load when near.
        {
            "banner": banner,
            "hidden": n >= position.max_shown,
            "lazy": position.lazy or n >= position.max_shown,
        }
        for n, banner in enumerate(banners)
    ]
    context = {"position": position, "items": items}
    template = "ads/popup.html" if code == Position.Code.POPUP else "ads/place.html"
    return render_to_string(template, context)
