"""A walk over the admin as one person: every page reachable from the start page by its links,
each page's shape once (pages that differ only by ids or query values are one page). Used by the
walk test (tests/articles/test_admin_walk.py) and the accessibility walk (tests/e2e)."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from django.contrib.auth import get_user_model

from articles.models import Article, Reporter, Section, SiteSettings
from weather.models import Station

WORD = re.compile(r"[A-Za-z](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
NAMED = {"title", "alt", "placeholder", "aria-label"}
UNREAD = {"script", "style", "textarea", "template"}


class Screen(HTMLParser):
    """What a page shows and says to a screen reader, and where its links go."""

    def __init__(self):
        super().__init__()
        self.links, self.texts, self.hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in UNREAD:
            self.hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.texts += [attrs[name] for name in NAMED if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in UNREAD:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.texts.append(data)


def typed_words():
    """ASCII words in what people stored: logins, e-mails, slugs, file names, text."""
    values = [*get_user_model().objects.values_list("username", "email")]
    values += Section.objects.values_list("slug", "name")
    values += Reporter.objects.values_list("email", "name", "title")
    values += Article.objects.values_list("title", "subtitle", "summary", "body", "photo")
    values += Article.objects.values_list("photo_caption", "desk_note")
    values += Station.objects.values_list("name", "stn_id")
    site = SiteSettings.load()
    values.append([str(getattr(site, field.attname)) for field in site._meta.fields])
    return {word for row in values for value in row for word in WORD.findall(str(value or ""))}


def shape(url) -> tuple[str, set[str]]:
    """The page's path with its ids as N, and the names of its query's values."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path), {name for name, _ in parse_qsl(parts.query)}


def walk(client, start="/admin/"):
    """Yields (url, response, screen) for each page shape reachable from `start` with `client`
    (logged in); screen is None for what is not HTML. Redirects within the admin are followed.

    A page is new when its path is, or when its query names a value the path has not had yet:
    each filter, ordering and search of a list is met once, not in every combination."""
    queue, seen = deque([start]), {}
    while queue:
        url = queue.popleft()
        path, names = shape(url)
        if path in seen and names <= seen[path]:
            continue
        seen[path] = seen.get(path, set()) | names
        response = client.get(url)
        if response.status_code == 302:
            if response["Location"].startswith("/admin/"):
                queue.appendleft(response["Location"])
            continue
        screen = None
        if response.get("Content-Type", "").startswith("text/html"):
            screen = Screen()
            screen.feed(response.content.decode())
            for href in screen.links:
                href = urldefrag(urljoin(url, href))[0]
                if href.startswith("/admin/") and "logout" not in href:
                    queue.append(href)
        yield url, response, screen
