"""Which addresses a page may not take: those another route of the site already answers, or
begins with. The page route is last in the URLconf, so it never shadows one; this keeps a page
from being shadowed (unreachable) the day it is saved."""

import re

from django.conf import settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve

PAGE_ROUTES = {"pages:page", "pages:version"}
SEGMENT = re.compile(r"[-\w.]+")


def first_segments(patterns=None, prefix="") -> set[str]:
    """The fixed first part of every route (admin, news, section, rss…), lower-cased."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver) and not route:  # an include at the root
            found |= first_segments(pattern.url_patterns, route)
            continue
        first = route.split("/", 1)[0]
        if SEGMENT.fullmatch(first):
            found.add(first.casefold())
    return found


def served_elsewhere(address: str) -> str | None:
    """The path of another route that /address/ would clash with, or None."""
    outside = {url.strip("/").split("/")[0] for url in (settings.STATIC_URL, settings.MEDIA_URL)}
    if address.casefold() in first_segments() | {u.casefold() for u in outside if u}:
        return f"/{address}/"
    for path in (f"/{address}/", f"/{address}"):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name not in PAGE_ROUTES:
            return path
    return None
