"""The reader pages' stylesheet, in each page's head (docs/performance.md, issue 16).

static/css/site.css is the one source. At startup it is read once, its comments and spare
white space taken out, and put into base.html's <style> by {% stylesheet %}: a phone paints the
page with the HTML alone, never waiting for a second request. The Content-Security-Policy
allows that one <style> by its hash (policy()), the same for every reader, so pages stay
cacheable whole. The file is still collected for the error pages (403, 500), which link it.
"""

import base64
import hashlib
import re
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders

NAME = "css/site.css"
COMMENT = re.compile(r"/\*.*?\*/", re.S)
SPACE = re.compile(r"\s+")
AROUND = re.compile(r"\s*([{};,>])\s*")  # never ':' (a descendant's :hover needs its space)


def minify(css: str) -> str:
    css = SPACE.sub(" ", COMMENT.sub("", css))
    return AROUND.sub(r"\1", css).replace(";}", "}").strip()


@cache
def css() -> str:
    path = finders.find(NAME)
    if path is None:
        raise FileNotFoundError(f"static file {NAME} not found")
    with open(path, encoding="utf-8") as file:
        return minify(file.read())


@cache
def source() -> str:
    """The CSP source that allows the inline stylesheet: its hash."""
    digest = base64.b64encode(hashlib.sha256(css().encode()).digest()).decode()
    return f"'sha256-{digest}'"


def policy() -> str:
    """settings.CONTENT_SECURITY_POLICY with the inline stylesheet's hash in style-src."""
    base = settings.CONTENT_SECURITY_POLICY
    if "style-src 'self';" not in base:
        raise ValueError("CONTENT_SECURITY_POLICY has no \"style-src 'self';\" to add a hash to")
    return base.replace("style-src 'self';", f"style-src 'self' {source()};")
