"""The shared page cache for anonymous readers.

Every public page an anonymous reader gets is stored whole, with the content version it was
built under, for at most PAGE_CACHE_SECONDS and never past the next scheduled publication or
Seoul midnight (the masthead shows the date). Any change readers could see bumps the version
(articles.signals), and a page of an older version is never served, so an edit, a publish or
a weather fetch is visible on the next request. Staff (a browser with the signed staff mark)
and previews are never served from, or stored into, this cache; any other cookie is ignored.
"""

import hashlib
import logging
import secrets
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db.models import Min
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode

from .models import Article
from .services import article_view_record

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# URL names whose pages are the same for every anonymous reader, with the query parameters each
# page reads. Every other parameter is left out of the cache key: `/?x=1` is served `/`'s page.
CACHED_PAGES = {
    "articles:home": (),
    "articles:section": ("page",),
    "articles:reporter": ("page",),
    "articles:detail": (),
    "articles:most-read": ("window",),
    "articles:search": ("q", "section", "start", "end", "page"),
    "articles:rss": (),
    "articles:rss-section": (),
    "sitemap-index": (),
    "sitemap-section": ("p",),
}
# A staff member's browser carries this signed mark (StaffMarkMiddleware): checking it costs no
# lookup, and a session cookie alone, which anyone can make up, no longer skips the cache.
STAFF_COOKIE = "newsroom_staff"
STAFF_SALT = "newsroom.pagecache.staff"
# The longest anything is kept under one content version (the masthead, ticker and footer
# fragments, the site settings): a failed version bump is retried for this long.
LONGEST_KEPT = 300
RETRY_EVERY = 0.5
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def content_version() -> str | None:
    """The current version of everything readers see; None while the cache is unreachable."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY)
    return version


def content_changed() -> None:
    """Readers must see a change: every cached page and list is from now on out of date.

    A takedown must not depend on one cache write: while the cache cannot take the new version,
    a thread keeps trying until it does, or until nothing built under the old one can be left.
    """
    if _set_version(cache):
        return
    logger.warning("Could not store a new content version; retrying for %s s", LONGEST_KEPT)
    with _retry_lock:
        _retry["until"] = time.monotonic() + LONGEST_KEPT
        if _retry.get("thread") is None or not _retry["thread"].is_alive():
            _retry["thread"] = threading.Thread(target=_retry_version, name="content-version")
            _retry["thread"].start()


def _set_version(backend) -> bool:
    version = secrets.token_hex(8)
    backend.set(VERSION_KEY, version, None)
    return backend.get(VERSION_KEY) == version


_retry_lock = threading.Lock()
_retry = {}


def _retry_version() -> None:
    while True:
        time.sleep(RETRY_EVERY)
        # A backend of its own, which has not given up on an unreachable server yet.
        if _set_version(caches.create_connection(DEFAULT_CACHE_ALIAS)):
            logger.warning("Stored a new content version after a failure")
            return
        with _retry_lock:
            if time.monotonic() > _retry["until"]:
                logger.error("Gave up storing a new content version; pages may be stale")
                return


_kept = {}  # name: (content version, deadline as time.time(), value)


def kept(name: str, version: str | None, build, timeout: float):
    """build(), kept in this process under the content version, for at most `timeout` seconds.

    Any change readers could see makes a new version, so what is kept is never out of date, and
    only the newest version of each name is held. The value is shared, not copied: build() must
    return something no caller changes. Without a version (the shared cache unreachable)
    nothing is kept."""
    if not version:
        return build()
    held = _kept.get(name)
    now = time.time()  # lifetimes run to a publication time, on the wall clock
    if held is not None and held[0] == version and held[1] > now:
        return held[2]
    value = build()
    _kept[name] = (version, now + timeout, value)
    return value


def forget_kept() -> None:
    """Drop what this process keeps (tests start from nothing)."""
    _kept.clear()


def seconds_until_next_publication(version: str | None) -> float | None:
    """Seconds until the next scheduled article goes live (None when nothing is scheduled)."""
    timeout = settings.PAGE_CACHE_SECONDS * 10
    moment = kept("next-publication", version, _first_scheduled, timeout)
    if moment and moment <= time.time():  # it has gone live, which makes no new version
        _kept.pop("next-publication", None)
        moment = kept("next-publication", version, _first_scheduled, timeout)
    return moment - time.time() if moment else None


def _first_scheduled() -> float:
    first = Article.objects.scheduled().aggregate(first=Min("publish_at"))["first"]
    return first.timestamp() if first else 0


def page_lifetime(version: str) -> int:
    """Whole seconds a page built now may be kept: 0 means do not keep it."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    limits = [settings.PAGE_CACHE_SECONDS, (midnight - now).total_seconds()]
    until_publication = seconds_until_next_publication(version)
    if until_publication is not None:
        limits.append(until_publication)
    return max(0, int(min(limits)))


class PublicPageCacheMiddleware:
    """Serve anonymous readers' pages from the shared cache; count article views either way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = self.cacheable_match(request)
        if match is None:
            return self.get_response(request)
        if is_staff_browser(request):
            # Logged-in staff get a fresh page, kept out of every shared cache.
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        # A reader: the page is the same for everyone, so a session cookie (real or made up) is
        # not looked up.
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        key = self.key(request, CACHED_PAGES[match.view_name])
        found = cache.get_many([VERSION_KEY, key])  # one round trip for both
        version = found.get(VERSION_KEY) or content_version()
        if version is None:
            return self.get_response(request)
        request.content_version = version
        entry = found.get(key)
        # The lifetime is checked here as well as by the backend: it is ours, whatever its clock.
        if entry is not None and entry["version"] == version and entry["expires"] > time.time():
            if match.view_name == "articles:detail":
                article_view_record(article=Article(pk=match.kwargs["pk"]), request=request)
            return self.replay(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200 and not response.cookies:
            lifetime = page_lifetime(version)
            if lifetime:
                response.headers.setdefault(
                    "ETag", f'"{hashlib.md5(response.content).hexdigest()}"'
                )
                response.headers.setdefault("Last-Modified", http_date())
                cache.set(key, self.entry(response, version, lifetime), lifetime)
                patch_cache_control(response, public=True, max_age=lifetime)
        return response

    def cacheable_match(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match if match.view_name in CACHED_PAGES else None

    def key(self, request, params):
        """One entry per page: a page built under a newer version replaces the old one. Only the
        query parameters the page reads count, with the value it reads (the last one given)."""
        query = urlencode([(name, request.GET[name]) for name in params if name in request.GET])
        where = hashlib.md5(f"{request.path}?{query}".encode()).hexdigest()
        return f"page:{request.get_host()}:{where}"

    def entry(self, response, version, lifetime):
        headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
        headers["ETag"] = response["ETag"]
        headers["Last-Modified"] = response["Last-Modified"]
        return {
            "content": response.content,
            "headers": headers,
            "version": version,
            "expires": time.time() + lifetime,
        }

    def replay(self, request, entry):
        remaining = max(0, int(entry["expires"] - time.time()))
        response = get_conditional_response(
            request,
            etag=entry["headers"]["ETag"],
            response=None,
        )
        if response is None:
            response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        patch_cache_control(response, public=True, max_age=remaining)
        return response


def is_staff_browser(request) -> bool:
    mark = request.get_signed_cookie(
        STAFF_COOKIE, default=None, salt=STAFF_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    return mark is not None


class StaffMarkMiddleware:
    """Marks the browser of a logged-in staff member (after AuthenticationMiddleware), and takes
    the mark away once it is not. Readers send no cookie and are not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME not in cookies and STAFF_COOKIE not in cookies:
            return response
        staff = request.user.is_authenticated and request.user.is_staff
        marked = is_staff_browser(request)
        if staff and not marked:
            response.set_signed_cookie(
                STAFF_COOKIE,
                "1",
                salt=STAFF_SALT,
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif marked and not staff:
            response.delete_cookie(STAFF_COOKIE, samesite="Lax")
        return response
