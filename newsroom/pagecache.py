"""The page cache for anonymous readers, and the one place that decides what a change retires.

Versions. Each kind of thing readers see has a version in the shared cache, a random token that
a change replaces: "site" (the paper's settings, sections and reporters), "lists" (which
articles are live and what their teasers say), "weather" (the ticker), "breaking" (the 속보
banner), "ads" (the banners) and "article:<pk>" (one article's own page). A model readers see
registers once (register()), naming the versions a change to one of its rows touches; its saves
and deletes replace those versions, now and again after the commit, and only when the row is one
readers see or will see, before or after.

Pages. An anonymous reader's page is stored under the versions of what it shows (register_page),
with holes for the boxes that pages share: the masthead, the ticker, the footer, the most-read
and related boxes (register_box). Boxes are kept in each process under their own versions and
put into the page on every request. So publishing article A rebuilds the lists, the boxes and
A, never leaves a teaser for a taken-down A on B's page, and leaves B's own part stored.

Time. Nothing is kept past the next scheduled change of a registered model (an article's
publication time) or Seoul midnight, so a scheduled article appears on its minute with no job.
A shared cache in front (nginx) may keep a page PROXY_CACHE_SECONDS (s-maxage; for nginx to the
second, X-Accel-Expires), browsers what is left of its lifetime after that (max-age): a takedown
leaves the proxy within that second.

gzip. A reader whose Accept-Encoding takes it gets the page gzipped, from pieces deflated ahead
of time (newsroom.compress): the page's own parts when it is stored, each box once per version.
Every reader response varies on Accept-Encoding; one that sets a cookie (a CSRF token) is never
compressed (BREACH, docs/security.md).

Replica. With a read replica (newsroom.replica), a reader's page is built from it only when
the last change, the moment a version was last replaced, is older than REPLICA_MAX_LAG seconds:
the standby then has every row the page's versions stand for. A page built sooner reads the
primary, and so does one built while that moment is unknown (the cache emptied or unreachable).

Staff (a browser with the signed mark StaffMarkMiddleware sets) and previews are never served
from, or stored into, this cache; any other cookie is ignored. This module imports no app:
apps register with it (articles/cache.py, weather/cache.py).
"""

import hashlib
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode

from . import compress, replica

logger = logging.getLogger(__name__)

SHARED = ("site", "lists", "weather", "breaking", "ads")  # every page's boxes read these
SCHEDULES = ("lists", "breaking", "ads")  # the versions scheduled changes (next_change) are in
STAFF_COOKIE = "newsroom_staff"
STAFF_SALT = "newsroom.pagecache.staff"
# The longest anything is kept under a version (kept() holds nothing longer, whatever it is
# asked): a version that could not be replaced is retried for this long, after which nothing
# built under it is left.
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
HOLE = re.compile(rb"<!--box:([\w-]+)((?::[\w-]*)*)-->")
GZIP_FROM = 200  # bytes: below that, gzip's header and trailer eat what it saves
CHANGED = "changed-at"  # time.time() when versions were last replaced: the last change


# --- What readers see: models, pages, boxes ---------------------------------------------------


@dataclass(frozen=True)
class Model:
    scopes: Callable  # row -> the versions a change to it touches
    seen: Callable | None  # row -> whether readers see it now or will (None: always)
    next_change: Callable | None  # () -> the next moment a row changes by itself, or None


@dataclass(frozen=True)
class Page:
    params: tuple[str, ...]  # the query parameters the page reads; the rest are not in its key
    scopes: Callable  # URL kwargs -> the versions of what the page itself shows


@dataclass(frozen=True)
class Box:
    build: Callable  # (reading, *args) -> HTML
    scopes: Callable  # (*args) -> the versions it is built from
    timeout: float


_models: dict[type, Model] = {}
_pages: dict[str, Page] = {}
_boxes: dict[str, Box] = {}


def register(model, *, scopes, seen=None, next_change=None) -> None:
    """Readers see rows of `model`: a change to one retires the versions scopes(row) names."""
    _models[model] = Model(scopes, seen, next_change)
    uid = f"pagecache-{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def register_page(url_name: str, *, params=(), scopes=lambda kwargs: SHARED):
    _pages[url_name] = Page(tuple(params), scopes)


def register_box(name: str, *, scopes, timeout: float):
    """A decorator: build(reading, *args) makes the box's HTML from what `scopes(*args)`
    versions; the Reading is for what the box keeps of its own (pagecache.kept)."""

    def decorate(build):
        _boxes[name] = Box(build, scopes, timeout)
        return build

    return decorate


def _before_save(sender, instance, raw=False, **kwargs):
    model = _models[sender]
    if model.seen is None or instance.pk is None:
        return
    old = sender._base_manager.using(kwargs["using"]).filter(pk=instance.pk).first()
    instance._pagecache_before = old if old is not None and model.seen(old) else None


def _after_save(sender, instance, **kwargs):
    model = _models[sender]
    before = instance.__dict__.pop("_pagecache_before", None)
    scopes = set()
    if before is not None:
        scopes.update(model.scopes(before))
    if model.seen is None or model.seen(instance):
        scopes.update(model.scopes(instance))
    changed(scopes)


def _after_delete(sender, instance, **kwargs):
    model = _models[sender]
    if model.seen is None or model.seen(instance):
        changed(model.scopes(instance))


def changed(scopes: Iterable[str]) -> None:
    """Retire these versions now, and again after the commit: a page rebuilt in between from
    the old rows is then stored under a version nobody asks for any more."""
    scopes = sorted(set(scopes))
    if scopes:
        _replace(scopes)
        transaction.on_commit(lambda: _replace(scopes))


# --- Versions ---------------------------------------------------------------------------------


def _key(scope: str) -> str:
    return f"v:{scope}"


def versions(scopes: Iterable[str], found: dict | None = None) -> dict[str, str] | None:
    """The current version of each scope (made on first use); None while the cache is down."""
    found = found if found is not None else cache.get_many([_key(s) for s in scopes])
    current = {}
    for scope in scopes:
        value = found.get(_key(scope))
        if value is None:
            cache.add(_key(scope), secrets.token_hex(8), None)
            value = cache.get(_key(scope))
            if value is None:
                return None
        current[scope] = value
    return current


def _replace(scopes) -> None:
    new = {_key(scope): secrets.token_hex(8) for scope in scopes}
    if _stored(new):
        return
    logger.warning("Could not replace versions %s; retrying for %s s", scopes, LONGEST_KEPT)
    with _retry_lock:
        _retry["until"] = time.monotonic() + LONGEST_KEPT
        _retry.setdefault("keys", set()).update(new)
        if _retry.get("thread") is None or not _retry["thread"].is_alive():
            _retry["thread"] = threading.Thread(target=_retry_versions, name="pagecache-retry")
            _retry["thread"].start()


def _stored(new: dict, backend=cache) -> bool:
    """Store new versions, and the moment of this change with them (settled())."""
    backend.set_many({**new, CHANGED: time.time()}, None)
    return backend.get_many(list(new)) == new


def settled(found: dict) -> bool:
    """Whether the last change (CHANGED in `found`, read with the versions) is older than
    REPLICA_MAX_LAG seconds, so that the replica has it too. Unknown (the key is gone, the cache
    emptied) counts as now: the count starts again, the primary is read meanwhile."""
    at = found.get(CHANGED)
    if not isinstance(at, float):
        if found:  # the cache answers; while it is down, nothing more is asked of it
            cache.add(CHANGED, time.time(), None)
        return False
    return time.time() - at > settings.REPLICA_MAX_LAG


_retry_lock = threading.Lock()
_retry = {}


def _retry_versions() -> None:
    """A change must not depend on one cache write: try until it lands or nothing is left."""
    while True:
        time.sleep(RETRY_EVERY)
        with _retry_lock:  # held while trying, so forget_kept() leaves nothing half done
            keys = set(_retry["keys"])
            if not keys:
                return
            # A client of its own, which has not given up on an unreachable server yet.
            backend = caches.create_connection(DEFAULT_CACHE_ALIAS)
            try:
                done = _stored({key: secrets.token_hex(8) for key in keys}, backend)
            finally:
                backend.close()
            if done:
                _retry["keys"] -= keys
                logger.warning("Replaced versions %s after a failure", sorted(keys))
            elif time.monotonic() > _retry["until"]:
                logger.error("Gave up replacing versions %s; pages may be stale", sorted(keys))
                _retry["keys"].clear()


# --- Time -------------------------------------------------------------------------------------

_next = {}  # SCHEDULES' versions: the next scheduled change as time.time(), or 0


def next_change(schedule_version: str | None) -> float | None:
    """When the next registered row changes by itself (an article goes live, a 속보 banner
    ends): None if never. A schedule is part of SCHEDULES, so the answer is kept per process
    under their versions."""
    moment = _next.get(schedule_version) if schedule_version else None
    if moment is None or (moment and moment <= time.time()):  # gone live: no new version
        moments = [m.next_change() for m in _models.values() if m.next_change]
        moment = min((m.timestamp() for m in moments if m), default=0)
        if schedule_version:
            _next.clear()
            _next[schedule_version] = moment
    return moment or None


@dataclass
class Reading:
    """The versions a request reads, and the moment until which what it builds may be kept."""

    versions: dict[str, str] | None
    until: float
    holes: bool = False  # boxes are left as holes, to be filled on every request
    built: dict = field(default_factory=dict)

    @classmethod
    def now(cls, scopes=(), found=None) -> "Reading":
        scopes = list(dict.fromkeys([*SHARED, *scopes]))
        current = versions(scopes, found)
        now = timezone.localtime()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        limits = [midnight.replace(tzinfo=now.tzinfo).timestamp()]
        schedule = "|".join(current[s] for s in SCHEDULES) if current else None
        upcoming = next_change(schedule)
        if upcoming:
            limits.append(upcoming)
        return cls(current, min(limits))

    def version_of(self, scopes: Iterable[str]) -> str | None:
        if self.versions is None:
            return None
        missing = [scope for scope in scopes if scope not in self.versions]
        if missing:
            more = versions(missing)
            if more is None:
                return None
            self.versions.update(more)
        return "|".join(self.versions[scope] for scope in scopes)

    def lifetime(self, limit: float) -> int:
        """Whole seconds what is built now may be kept, at most `limit`: 0 means do not."""
        return max(0, int(min(limit, self.until - time.time())))


def reading(request) -> Reading:
    """The request's Reading, made on first use (pages the cache does not store)."""
    current = getattr(request, "page_cache", None)
    if current is None:
        current = request.page_cache = Reading.now()
    return current


# name: (version, deadline as time.time(), value), least recently used first. Bounded: a box
# per article (the related box of one with desk picks) must not grow a worker without end.
_kept = OrderedDict()
KEPT_MAX = 2000


def kept(name: str, version: str | None, build, timeout: float, *, until: float):
    """build(), kept in this process under `version` for at most `timeout` seconds and never
    past `until` (a Reading's). Only the newest version of each name is held, and only the
    KEPT_MAX names used last. The value is shared, not copied: build() must return something
    no caller changes. Without a version (the shared cache unreachable) nothing is kept."""
    if not version:
        return build()
    held = _kept.get(name)
    now = time.time()  # deadlines run to a publication time, on the wall clock
    if held is not None and held[0] == version and held[1] > now:
        _kept.move_to_end(name)
        return held[2]
    value = build()
    _kept[name] = (version, min(now + min(timeout, LONGEST_KEPT), until), value)
    _kept.move_to_end(name)
    if len(_kept) > KEPT_MAX:
        _kept.popitem(last=False)
    return value


def forget_kept() -> None:
    """Drop what this process keeps, and any version it is still trying to replace (tests start
    from nothing, and a retry left by one test must not land in the next)."""
    _kept.clear()
    _next.clear()
    with _retry_lock:
        _retry.get("keys", set()).clear()


class BoxContent:
    """A box as kept: its HTML, and the same deflated for gzip (made on first use)."""

    def __init__(self, html: str):
        self.html = html.encode()

    @cached_property
    def deflated(self) -> bytes:
        return compress.deflated(self.html)


def box(request, name: str, *args) -> str:
    """A shared box's HTML, or its hole when the page is being built for the cache."""
    args = [str(arg) for arg in args]
    current = reading(request)
    if current.holes:
        return "<!--box:" + ":".join([name, *args]) + "-->"
    return _box(current, name, args).html.decode()


def _box(current: Reading, name: str, args) -> BoxContent:
    spec = _boxes[name]
    version = current.version_of(spec.scopes(*args))
    key = ":".join(["box", name, *args])
    build = lambda: BoxContent(spec.build(current, *args))  # noqa: E731
    return kept(key, version, build, spec.timeout, until=current.until)


def holes(content: bytes) -> tuple[list[bytes], list[tuple[str, list[str]]]]:
    """A stored page's own HTML around its holes, and the box (name, args) of each hole."""
    split = HOLE.split(content)
    found = [
        (name.decode(), [arg.decode() for arg in args.split(b":")[1:]])
        for name, args in zip(split[1::3], split[2::3], strict=True)
    ]
    return split[0::3], found


def between(own: list[bytes], boxes: list[bytes]):
    """own[0], boxes[0], own[1], …, own[-1]: a page with its holes filled."""
    for part, box in zip(own, boxes, strict=False):
        yield part
        yield box
    yield own[-1]


# --- The middleware ---------------------------------------------------------------------------


def is_staff_browser(request) -> bool:
    mark = request.get_signed_cookie(
        STAFF_COOKIE, default=None, salt=STAFF_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    return mark is not None


class PublicPageCacheMiddleware:
    """Serve anonymous readers' pages from the shared cache, boxes filled in on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match, page = self.registered(request)
        if page is None:
            return self.get_response(request)
        response = self.page_response(request, match, page)
        # gzip or not, by the request's Accept-Encoding: every reader page says so, to every cache.
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    def page_response(self, request, match, page):
        if is_staff_browser(request):
            # Logged-in staff get a fresh page, kept out of every shared cache.
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        # A reader: the page is the same for everyone, so a session cookie (real or made up)
        # is not looked up.
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        own = list(page.scopes(match.kwargs))
        key = self.key(request, page.params)
        keys = [key, *(_key(s) for s in dict.fromkeys([*SHARED, *own]))]
        if replica.enabled():
            keys.append(CHANGED)
        found = cache.get_many(keys)
        if replica.enabled() and replica.usable() and settled(found):
            response = self.from_replica(request, key, own, found)
            if response is not None:
                return response
        return self.reader_response(request, key, own, found)  # as always without a replica

    def from_replica(self, request, key, own, found):
        """The page and its boxes read from the replica, or None when the replica failed them:
        the primary builds the page then."""
        try:
            with replica.reads(True):
                response = self.reader_response(request, key, own, found)
        except DatabaseError:  # a box, built here: the view's own errors are a 500 response
            if replica.failed():
                return None
            raise
        return None if replica.failed() else response

    def reader_response(self, request, key, own, found):
        current = request.page_cache = Reading.now(own, found)
        if current.versions is None:  # the cache is unreachable: build everything
            response = self.get_response(request)
            self.finish(request, response, current, lifetime=0)
            return response
        mine = {scope: current.versions[scope] for scope in own}
        entry = found.get(key)
        # The lifetime is checked here as well as by the backend: it is ours, whatever its clock.
        if entry and entry["versions"] == mine and entry["expires"] > time.time():
            return self.replay(request, entry, current)
        current.holes = True
        response = self.get_response(request)
        current.holes = False
        self.store(request, response, key, mine, current)
        return response

    def registered(self, request):
        if request.method not in ("GET", "HEAD"):
            return None, None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None, None
        return match, _pages.get(match.view_name)

    def key(self, request, params):
        """One entry per page: a page built under newer versions replaces the old one. Only the
        query parameters the page reads count, with the value it reads (the last one given)."""
        query = urlencode([(name, request.GET[name]) for name in params if name in request.GET])
        where = hashlib.md5(f"{request.path}?{query}".encode()).hexdigest()
        return f"page:{request.get_host()}:{where}"

    def store(self, request, response, key, mine, current):
        lifetime = current.lifetime(settings.PAGE_CACHE_SECONDS)
        storable = request.method == "GET" and response.status_code == 200
        if not (storable and lifetime and not response.cookies and not response.streaming):
            self.finish(request, response, current, lifetime=0)
            return
        now = time.time()
        entry = {
            "content": response.content,
            # Deflated once here, for every request that takes gzip (newsroom.compress).
            "deflated": [compress.deflated(part) for part in holes(response.content)[0]],
            "headers": {n: response[n] for n in STORED_HEADERS if response.has_header(n)},
            "versions": mine,
            "expires": now + lifetime,
            "modified": http_date(now),
        }
        cache.set(key, entry, lifetime)
        self.finish(
            request,
            response,
            current,
            lifetime=lifetime,
            modified=entry["modified"],
            deflated=entry["deflated"],
        )

    def replay(self, request, entry, current):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        remaining = entry["expires"] - time.time()
        self.finish(
            request,
            response,
            current,
            lifetime=remaining,
            modified=entry["modified"],
            deflated=entry.get("deflated"),
        )
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def finish(self, request, response, current, *, lifetime, modified=None, deflated=None):
        """Fill the boxes in, and gzip the page for a client that takes it (from the page's own
        parts `deflated` when it was stored with them); a stored page gets its validators and a
        public lifetime."""
        if response.streaming:
            return
        own, found = holes(response.content)
        boxes = [_box(current, name, args) for name, args in found]
        page = response.content = b"".join(between(own, [box.html for box in boxes]))
        gzip = self.gzip(request, response)
        if gzip:
            if deflated is None:
                deflated = [compress.deflated(part) for part in own]
            pieces = between(deflated, [box.deflated for box in boxes])
            response.content = compress.gzipped(pieces, page)
            response["Content-Encoding"] = "gzip"
        if response.has_header("Content-Length"):  # CommonMiddleware counted the holes
            response["Content-Length"] = str(len(response.content))
        if lifetime <= 0:
            return
        # One tag for each form of the page: the same page gzipped is other bytes.
        tag = hashlib.md5(page).hexdigest() + ("-gzip" if gzip else "")
        response["ETag"] = f'"{tag}"'
        response["Last-Modified"] = modified
        # A shared cache (nginx) keeps the page `shared` seconds and hands it on without its age,
        # so the browser's max-age is what is left after that: neither outlives the lifetime.
        keep = current.lifetime(lifetime)
        shared = min(keep, settings.PROXY_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=keep - shared, s_maxage=shared)
        if shared:
            # nginx counts s-maxage from the whole second it stores the page in, so "1" can keep
            # it almost 2 s. Its own header (never passed on) ends the entry on a whole second,
            # at most `shared` seconds from now: valid through second N, gone at N + 1.
            response["X-Accel-Expires"] = f"@{int(time.time()) + shared - 1}"

    def gzip(self, request, response) -> bool:
        return (
            compress.accepts_gzip(request)
            and len(response.content) >= GZIP_FROM
            and not response.has_header("Content-Encoding")
            # BREACH: a page that sets a cookie, as one that uses a CSRF token does, may hold a
            # secret beside what the request sent; it goes out as it is (docs/security.md).
            and not response.cookies
        )


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
