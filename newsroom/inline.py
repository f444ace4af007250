"""What reader pages carry in themselves (docs/performance.md, issue 16): the stylesheet in the
head, the scripts at the end of the body.

static/css/site.css and the scripts in SCRIPTS are the sources. At startup each is read once
(the stylesheet without its comments and spare white space) and base.html puts them in a <style>
and a <script> ({% inline_stylesheet %}, {% inline_scripts %}): a phone paints the page with the
HTML alone and makes no request for code before it does. The Content-Security-Policy allows
those two blocks by their hashes (policy()), the same for every reader, so pages stay cacheable
whole. The files are still collected for the error pages (403, 500), which link the stylesheet.
"""

import base64
import hashlib
import re
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders

STYLESHEET = "css/site.css"
# In this order, as the <script defer> tags ran them: each is its own function, run once the
# body above it is parsed.
SCRIPTS = ("js/site.js", "js/ticker.js", "js/ads.js")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
SPACE = re.compile(r"\s+")
AROUND = re.compile(r"\s*([{};,>])\s*")  # never ':' (a descendant's :hover needs its space)


def minify(css: str) -> str:
    css = SPACE.sub(" ", COMMENT.sub("", css))
    return AROUND.sub(r"\1", css).replace(";}", "}").strip()


def read(name: str) -> str:
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(f"static file {name} not found")
    with open(path, encoding="utf-8") as file:
        return file.read()


@cache
def css() -> str:
    return minify(read(STYLESHEET))


@cache
def js() -> str:
    code = "\n".join(read(name) for name in SCRIPTS)
    if "</script" in code.lower():
        raise ValueError("an inline script cannot contain </script")
    return code


def source(text: str) -> str:
    """The CSP source that allows this inline block: its hash."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


@cache
def sources() -> dict[str, str]:
    """Each directive's source for its inline block, hashed once."""
    return {"style-src": source(css()), "script-src": source(js())}


def policy() -> str:
    """settings.CONTENT_SECURITY_POLICY with the inline blocks' hashes in style-src and
    script-src (the setting read on each response: tests change it)."""
    policy = settings.CONTENT_SECURITY_POLICY
    for directive, allowed in sources().items():
        plain = f"{directive} 'self';"
        if plain not in policy:
            raise ValueError(f'CONTENT_SECURITY_POLICY has no "{plain}" to add a hash to')
        policy = policy.replace(plain, f"{directive} 'self' {allowed};")
    return policy
