"""The endpoints our reader pages' scripts post a count to (navigator.sendBeacon, or fetch with
keepalive): an article view (site.js), the banners seen (ads.js)."""

import logging
from functools import wraps

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)


def beacon(view):
    """A beacon's view: POST only, never cached, 204 unless the view answers otherwise; 503 when
    the database cannot be reached (the count is lost, as a count that cannot be written is).

    No CSRF token: the page that sends it may come from a cache (the app's or the proxy's), which
    holds no reader's token, and a beacon only ever adds one count under the counting rules. A
    post the browser says came from another site (Sec-Fetch-Site) is refused: our pages post to
    their own origin. A client that sends no such header (an old browser, a script) is let
    through; the counting rules hold it as they hold any reader.
    """

    @csrf_exempt
    @never_cache
    @require_POST
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
            return HttpResponseForbidden()
        try:
            return view(request, *args, **kwargs) or HttpResponse(status=204)
        except DatabaseError as error:
            logger.warning("A beacon to %s was not counted: %s", request.path, error)
            return HttpResponse(status=503)

    return wrapped
