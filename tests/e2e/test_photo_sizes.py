"""Photos in a real browser (issue 16): at 375 and 1280 px each is shown at the width its `sizes`
says, so the browser picks a copy wide enough for the screen's pixels, AVIF where it can; never
the 2000 px original."""

import re
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from articles.photo_sizes import LAYOUTS
from tests.articles.test_photo_sizes import css_width, stored_photo
from tests.factories import make_article, make_reporter, make_section

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.e2e.urls"),
    pytest.mark.media,  # on the disk, and from the bucket under the pages' CSP (tests/media.py)
]

# A phone (iPhone SE) at two device pixels to the CSS pixel, and a laptop at one.
SCREENS = [({"width": 375, "height": 667}, 2), ({"width": 1280, "height": 900}, 1)]


@pytest.fixture
def paper():
    photo = stored_photo()
    url = default_storage.url(photo)
    section = make_section(name="행정", slug="admin")
    reporter = make_reporter(name="이천용")
    body = (
        "<p>영등포구가 안양천 산책로를 새로 단장한다.</p>"
        f'<figure class="image"><img src="{url}" alt="산책로">'
        "<figcaption>산책로</figcaption></figure>"
    )
    articles = [
        make_article(
            section=section,
            reporter=reporter,
            title=f"안양천 산책로 새 단장 {n}",
            body=body,
            photo=photo,
            photo_width=2000,
            photo_height=1333,
            photo_caption="안양천 산책로",
        )
        for n in range(3)
    ]
    return {"section": section, "article": articles[0]}


@pytest.mark.parametrize("screen,scale", SCREENS, ids=["375px", "1280px"])
def test_each_photo_is_shown_at_its_sizes_width_and_loads_a_copy_that_fits(
    live_server, browser, paper, screen, scale
):
    article = paper["article"].get_absolute_url()
    checks = [
        ("/", ".top-photo img", "top", ".avif"),
        ("/", ".front-row-photo img", "thumb", ".avif"),
        (paper["section"].get_absolute_url(), ".teaser-photo img", "teaser", ".avif"),
        (article, ".lead-photo img", "body", ".avif"),
        (article, ".article-body figure.image img", "body", ".jpg"),  # a body holds <img> only
        (article, ".related .teaser-photo img", "teaser", ".avif"),
    ]
    for url, selector, layout, extension in checks:
        # A fresh browser each time: one that holds a larger copy already may show that instead.
        context = browser.new_context(viewport=screen, device_scale_factor=scale)
        page = context.new_page()
        page.goto(live_server.url + url)
        image = page.locator(selector).first
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.complete || new Promise(done => img.onload = done)")
        shown = image.evaluate("img => img.getBoundingClientRect().width")
        expected = css_width(LAYOUTS[layout].sizes, screen["width"])
        assert abs(shown - expected) <= 1, f"{url} {selector}: {shown}px, sizes says {expected}"
        source = image.evaluate("img => img.currentSrc")
        assert source.endswith(extension), source
        assert source.startswith(urljoin(live_server.url, settings.MEDIA_URL)), source
        width = int(re.search(r"\.w(\d+)\.[a-z]+$", source)[1])
        # Enough pixels for the screen. Chromium may take one size up (its preload scanner, on a
        # new page, can judge by the previous screen's pixel ratio), never more.
        assert shown * scale <= width <= max(3 * shown * scale, 480), f"{source} for {shown}px"
        context.close()
