"""The banners' public URLs: the click redirect, the impression beacon, a network ad's frame."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_safe

from newsroom.beacon import beacon

from .models import Banner
from .services import MAX_SEEN, banner_click_record, banners_seen_record


@never_cache
@require_safe  # HEAD too (link checkers), never counted
def go(request, pk):
    """A click: counted, then on to the link stored with the banner, and nowhere else. A banner
    that is not live (or has no link: a network ad) sends the reader to the home page."""
    banner = Banner.objects.live().filter(pk=pk, network_code="").first()
    if banner is None or not banner.link:
        return redirect("articles:home")
    banner_click_record(banner=banner, request=request)
    return redirect(banner.link)


def _ids(values: list[str]) -> list[int]:
    found = []
    for value in values[:MAX_SEEN]:
        for part in value.split(",")[:MAX_SEEN]:
            if part.isascii() and part.isdigit() and len(part) < 19:
                found.append(int(part))
    return list(dict.fromkeys(found))[:MAX_SEEN]


@beacon
def seen(request):
    """ads.js names the banners a reader was shown; the live ones among them are counted."""
    banners_seen_record(ids=_ids(request.POST.getlist("ids")), request=request)


# The frame runs the network's code under a policy of its own: its scripts and ours never meet
# (the frame is sandboxed without allow-same-origin, so it has no access to the page).
FRAME_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' {sources}; img-src https: data:; "
    "style-src 'unsafe-inline' https:; frame-src https:; connect-src https:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


@never_cache
@require_GET
@xframe_options_sameorigin
def frame(request, pk):
    """A network ad's code, alone in a document framed by our page (ads/place.html)."""
    if not settings.ADS_NETWORK_CODE:
        raise Http404
    banner = Banner.objects.live().filter(pk=pk, position__allows_network=True).first()
    if banner is None or not banner.is_network:
        raise Http404
    page = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>광고</title>'
        "<style>body{margin:0}</style></head><body>" + banner.network_code + "</body></html>"
    )
    response = HttpResponse(page)
    sources = " ".join(settings.ADS_NETWORK_SOURCES)
    response["Content-Security-Policy"] = FRAME_POLICY.format(sources=sources).replace(" ;", ";")
    return response
