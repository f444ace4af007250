"""No public URL answers 500, whatever a client sends it.

The routes come from the URLconf (as in tests/articles/test_no_leak.py), so a page added later is
walked too. Each is tried with absurd path values, with every query parameter any page reads
filled with junk (page numbers, search words with NUL bytes and broken UTF-8, impossible dates,
unknown sections, sitemap pages, ranking windows, legacy article numbers and section codes), and
with the methods a browser or a bot may use on a read-only page. A 404, 400, 403 or 405 is fine;
a 500 is not.
Run it on SQLite and on PostgreSQL: a NUL byte that reaches PostgreSQL is an error there.
"""

from datetime import timedelta
from urllib.parse import quote

from django.contrib.sitemaps import views as sitemap_views
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from articles.models import Article, DailyViews
from articles.photo_sizes import original_of
from articles.workflow import share_token
from pages.models import Page, PolicyVersion
from tests.articles.test_no_leak import PLACEHOLDER, SKIPPED_PREFIXES, routes
from tests.factories import (
    gif_with_script,
    make_article,
    make_banner,
    make_photo,
    make_reporter,
    make_reporter_user,
    make_section,
    media_files,
    png_claiming,
)
from tips.models import Attachment, Tip

NUL = "%00"
LONE_SURROGATE = "%ED%A0%80"  # the UTF-8 form of U+D800, which is not a character
ODD_VALUES = [NUL, LONE_SURROGATE, "-1", "0", "abc", "1e9", "%EF%BC%91", "x" * 300]

# Every query parameter a public page reads, with what a broken link, a bot or a prober sends.
QUERIES = [
    # page numbers (lists, search) and sitemap pages
    *[f"page={value}" for value in ["0", "-1", "1e9", "abc", NUL, "9" * 5000, "2.5", "last"]],
    "page=99999999999999999999",
    "page=%EF%BC%92",  # a full-width digit
    *[f"p={value}" for value in ["0", "-1", "abc", NUL, "99999999", "9" * 5000]],
    # search words
    *[f"q={value}" for value in [NUL, f"a{NUL}b", LONE_SURROGATE, "%FF%FE", "가" * 10_000]],
    "q=" + quote("' OR 1=1; -- \" %_\\ <script>alert(1)</script> &amp; {{ x }}"),
    "q=" + quote("서울 " * 50),
    "q=a&q=b",
    "q[]=x",
    # search filters
    "q=영등포&start=2026-02-30&end=abc",
    "q=영등포&start=0001-01-01",
    "q=영등포&end=9999-12-31",
    "q=영등포&start=9999-12-31&end=0001-01-01",
    f"q=영등포&start={NUL}&end={LONE_SURROGATE}",
    f"q=영등포&section={NUL}",
    f"q=영등포&section={LONE_SURROGATE}",
    "q=영등포&section=no-such-section",
    "q=영등포&section=" + "x" * 300,
    # most-read windows
    *[f"window={value}" for value in [NUL, "", "__class__", "DAY", "day&window=week", "x" * 300]],
    # legacy article numbers (/news/article.html?no=, /news/articleView.html?idxno=)
    *[f"no={value}&idxno={value}" for value in ["%C2%B2", "%D9%A1%D9%A2", "-1", NUL, "1e9"]],
    "no=" + "9" * 30,
    "idxno=%EF%BC%91",
    # the old CMSs' section codes (/news/section_list_all.html?sec_no=, /news/articleList.html)
    *[f"sec_no={value}&page={value}" for value in ODD_VALUES],
    *[f"sec_no=1&sc_section_code=S1N1&page={value}" for value in ODD_VALUES],
    *[f"sc_section_code={value}&sc_sub_section_code={value}" for value in ODD_VALUES],
    "sc_section_code=S1N1&sc_section_code=S1N2&sec_no=1&sec_no=2",
    "sc_section_code=S99N99999&sec_no=9999999999",
]
METHODS = ["head", "options", "post", "put", "delete"]
ODD_HEADERS = [
    {"If-None-Match": "*", "If-Modified-Since": "어제"},
    {"If-None-Match": "garbage, W/", "If-Modified-Since": "Mon, 99 Foo 99999 99:99:99 GMT"},
    {"User-Agent": "Mozilla/5.0 " + "x" * 10_000, "Accept-Language": "xx-YY;q=abc, *;q=-1"},
    {"Cookie": "sessionid=garbage; csrftoken=%00"},
    {"Range": "bytes=999999999999-", "Accept-Encoding": "gzip;q=abc"},
]

# Bodies that are not a form, for the beacons (which never read more than a form's ids).
ODD_BODIES = [
    ("text/plain", b"\xff\xfe"),
    ("application/json", b'{"ids": [1, 2]}'),
    ("application/x-www-form-urlencoded", b"ids=%ED%A0%80&ids=%00"),
    ("multipart/form-data; boundary=nothing", b"--garbage\r\n"),
    ("multipart/form-data", b"no boundary"),
    ("", b"x" * 100_000),
]


class MalformedRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(
            name="행정", slug="admin-news", mediaon_code="1", ndsoft_code="S1N1"
        )
        cls.reporter = make_reporter(name="이천용")
        cls.live = make_article(
            section=cls.section,
            reporter=cls.reporter,
            title="영등포 소식",
            photo=make_photo(),
            photo_caption="사진 설명",
        )
        cls.draft = make_article(
            section=cls.section, reporter=cls.reporter, status=Article.Status.DRAFT, publish_at=None
        )
        DailyViews.objects.create(article=cls.live, day=timezone.localdate(), views=5)
        cls.page = Page.objects.create(
            title="개인정보처리방침", address="개인정보처리방침", kind="privacy"
        )
        PolicyVersion.objects.create(page=cls.page, effective_on="2025-07-01", body="<p>방침</p>")
        cls.banner = make_banner()
        expired = timezone.now() - timedelta(hours=1)
        cls.tokens = [
            "garbage",
            "a:b:c",
            "eyJhIjoxfQ:1tXyZ:abc",
            "x" * 2000,
            NUL,
            LONE_SURROGATE,
            share_token(article=cls.draft, expires_at=expired),  # signed, but expired
            share_token(article=cls.live, expires_at=timezone.now() + timedelta(hours=1)),
        ]

    def setUp(self):
        # Collect every 500 instead of stopping at the first, so one run lists them all.
        self.client = Client(raise_request_exception=False)

    def values(self, pattern, route, name):
        """Good values first (the first one is used for the query-string walk), then odd ones."""
        if name == "pk" and route.startswith("ads/"):
            return [self.banner.pk, self.live.pk, 0, 999_999_999_999_999_999]
        if name == "pk":
            return [self.live.pk, self.draft.pk, self.reporter.pk, 999_999_999_999_999_999]
        if name == "slug":
            return [self.section.slug, "no-such-section", *ODD_VALUES]
        if name == "token":
            return self.tokens
        if name == "address":
            return [self.page.address, "없는쪽", "-", "_" * 300, *ODD_VALUES]
        if name == "day":
            return ["2025-07-01", "2025-02-30", "0000-01-01", "9999-12-31", "2025-7-1", *ODD_VALUES]
        if name == "section" and pattern.callback is sitemap_views.sitemap:
            return [*pattern.default_args["sitemaps"], "no-such-sitemap", *ODD_VALUES]
        raise AssertionError(
            f"The route {route!r} takes <{name}>, which this test does not know how to fill: "
            "add its values to MalformedRequestTests.values()."
        )

    def public_paths(self):
        """{first path of each route (filled with good values): every path of that route}."""
        paths = {}
        for route, _name, pattern in routes():
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern.pattern, RegexPattern):
                raise AssertionError(f"regex route {route!r}: teach the walk how to fill it")
            filled = [route]
            for match in PLACEHOLDER.finditer(route):
                filled = [
                    path.replace(match.group(0), str(value), 1)
                    for path in filled
                    for value in self.values(pattern, route, match.group("name"))
                ]
            paths["/" + filled[0]] = ["/" + path for path in filled]
        return paths

    def assert_no_server_error(self, requests):
        failures = []
        for method, url in requests:
            response = getattr(self.client, method)(url)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url[:120]} -> {response.status_code}")
        self.assertEqual(failures, [], f"{len(failures)} of {len(requests)} requests failed")

    def test_the_walk_covers_the_reader_pages(self):
        paths = self.public_paths()
        for expected in ["/", "/search/", "/most-read/", "/rss/", "/sitemap.xml"]:
            self.assertIn(expected, paths)
        self.assertIn(f"/articles/{self.live.pk}/", paths)
        self.assertGreaterEqual(len(paths), 15)

    def test_odd_path_values_are_never_a_server_error(self):
        paths = self.public_paths()
        requests = [("get", path) for variants in paths.values() for path in variants]
        self.assert_no_server_error(requests)

    def test_odd_query_strings_are_never_a_server_error(self):
        requests = [("get", f"{path}?{query}") for path in self.public_paths() for query in QUERIES]
        self.assert_no_server_error(requests)

    def test_other_methods_on_read_only_pages_are_never_a_server_error(self):
        requests = [(method, path) for path in self.public_paths() for method in METHODS]
        self.assert_no_server_error(requests)

    def test_odd_beacons_are_never_a_server_error(self):
        bodies = [{"ids": value} for value in [*ODD_VALUES, "\x00", "1," * 5000, "-0"]]
        bodies += [{"ids": [str(self.banner.pk)] * 1000}, {"other": "1"}]
        beacons = ["/ads/seen/", *(f"/articles/{pk}/seen/" for pk in (self.live.pk, self.draft.pk))]
        failures = []
        for url in beacons:
            for body in bodies:
                response = self.client.post(url, body)
                if response.status_code >= 500:
                    failures.append(f"POST {url} {str(body)[:80]} -> {response.status_code}")
            for kind, body in ODD_BODIES:
                for headers in ({}, *ODD_HEADERS, {"Sec-Fetch-Site": "\x00"}):
                    response = self.client.post(url, body, content_type=kind, headers=headers)
                    if response.status_code >= 500:
                        failures.append(f"POST {url} {kind} {headers} -> {response.status_code}")
        self.assertEqual(failures, [])

    def test_odd_headers_and_cookies_are_never_a_server_error(self):
        failures = []
        for path in self.public_paths():
            for headers in ODD_HEADERS:
                for attempt in ("built", "from the page cache"):
                    response = self.client.get(path, headers=headers)
                    if response.status_code >= 500:
                        failures.append(f"GET {path} {headers} ({attempt})")
        self.assertEqual(failures, [])


# What a broken editor, a script or a prober posts to the editor's upload: no file, a file under
# another field, empty and broken files, names that are long, hidden, pathed or not UTF-8.
ODD_UPLOADS = [
    {},
    {"upload": ""},
    {"file": make_photo},
    {"upload": lambda: SimpleUploadedFile("empty.jpg", b"", "image/jpeg")},
    {"upload": lambda: SimpleUploadedFile("cut.jpg", make_photo().read()[:300], "image/jpeg")},
    {"upload": lambda: png_claiming(65_535, 65_535)},
    {"upload": lambda: png_claiming(0, 0)},
    {"upload": lambda: make_photo("x" * 300 + ".jpg")},
    {"upload": lambda: make_photo("사진" * 200 + ".jpg")},
    {"upload": lambda: make_photo("../../../etc/passwd")},
    {"upload": lambda: make_photo(".htaccess")},
    {"upload": lambda: make_photo("a\x00b.jpg")},
    {"upload": lambda: make_photo("\u202egpj.html")},
    {"upload": lambda: make_photo("...")},
    {"upload": gif_with_script},
    {"upload": [make_photo, gif_with_script]},
    {"q": NUL, "upload": make_photo},
]
EDITOR_QUERIES = [
    "",
    *[f"CKEditorFuncNum={value}" for value in [NUL, "", "-1", "1e9", "%EF%BC%91", "9" * 5000]],
    "CKEditorFuncNum=" + quote("1);alert(1);//"),
    "CKEditorFuncNum=1&CKEditorFuncNum=2&responseType=json&langCode=" + LONE_SURROGATE,
    f"q={NUL}",
]
UPLOAD_QUERIES = ["", "CKEditorFuncNum=1", f"CKEditorFuncNum={NUL}", "responseType=json"]


class MalformedEditorRequestTests(TestCase):
    """The editor's upload and browse routes, as a logged-in reporter (staff, group 기자)."""

    @classmethod
    def setUpTestData(cls):
        cls.reporter_user, _ = make_reporter_user("reporter")

    def setUp(self):
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.reporter_user)

    def editor_paths(self):
        paths = {name: "/" + route for route, name, _ in routes() if route.startswith("ckeditor/")}
        self.assertEqual(set(paths), {"ckeditor_upload", "ckeditor_browse"})
        return list(paths.values())

    def test_odd_uploads_are_never_a_server_error_and_store_only_photos(self):
        before = media_files()
        failures = []
        for path in self.editor_paths():
            for query in UPLOAD_QUERIES:
                for fields in ODD_UPLOADS:
                    data = {
                        key: [make() for make in value] if isinstance(value, list) else
                        value() if callable(value) else value
                        for key, value in fields.items()
                    }  # fmt: skip
                    response = self.client.post(f"{path}?{query}", data)
                    if response.status_code >= 500:
                        failures.append(f"POST {path}?{query[:40]} {list(fields)}")
        self.assertEqual(failures, [])
        stored = media_files() - before
        self.assertTrue(stored)
        # Photos only: each a .jpg or .png, or a smaller copy of one stored beside it.
        originals = {original_of(name) or name for name in stored}
        self.assertEqual({name for name in originals if not name.endswith((".jpg", ".png"))}, set())
        self.assertLessEqual(originals, stored)
        self.assertTrue(
            all(len(part.encode()) <= 255 for name in stored for part in name.split("/"))
        )

    def test_other_methods_and_odd_queries_are_never_a_server_error(self):
        requests = [
            (method, f"{path}?{query}")
            for path in self.editor_paths()
            for queries, methods in [(EDITOR_QUERIES, ["get", *METHODS]), (QUERIES, ["get"])]
            for query in queries
            for method in methods
        ]
        failures = []
        for method, url in requests:
            response = getattr(self.client, method)(url)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url[:120]} -> {response.status_code}")
        self.assertEqual(failures, [], f"{len(failures)} of {len(requests)} requests failed")


# What a script or a prober posts to the tip form (/report/): fields missing, far too long, with
# NUL bytes or not UTF-8; files under other names, broken, hostile, too many; bodies that are not
# a form at all.
ODD_TIPS = [
    {},
    {"text": NUL},
    {"text": "a\x00b", "adult": "on", "consent": "on"},
    {"text": "가" * 100_000, "adult": "on", "consent": "on"},
    {"text": "제보", "adult": "x" * 1000, "consent": "\x00", "homepage": "\x00"},
    {"text": "제보", "adult": "on", "consent": "on", "email": "a@b\x00.c", "phone": "\x00" * 30},
    {"text": "제보", "adult": "on", "consent": "on", "name": "이" * 1000},
    {"text": make_photo, "adult": "on", "consent": "on"},
    *[{"text": "제보", "adult": "on", "consent": "on", "files": odd["upload"]}
      for odd in ODD_UPLOADS if "upload" in odd],
    {"text": "제보", "adult": "on", "consent": "on", "files": [make_photo] * 5},
    {"text": "제보", "adult": "on", "consent": "on", "files": "not a file"},
]  # fmt: skip
ODD_TIP_BODIES = [
    ("application/x-www-form-urlencoded", f"text={LONE_SURROGATE}&adult=on&consent=on"),
    ("application/x-www-form-urlencoded", "text=%FF%FE&email=%ED%A0%80"),
    ("application/json", '{"text": "제보", "adult": true, "consent": true}'),
    ("multipart/form-data; boundary=nothing", "--garbage\r\n"),
    ("multipart/form-data", "no boundary"),
    ("text/plain", "\x00" * 100),
]


@override_settings(TIPS_PER_HOUR=1000)
class MalformedTipTests(TestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_odd_tips_are_never_a_server_error_and_store_only_what_passed(self):
        url = reverse("tips:report")
        failures = []
        for fields in ODD_TIPS:
            data = {
                key: [make() for make in value] if isinstance(value, list) else
                value() if callable(value) else value
                for key, value in fields.items()
            }  # fmt: skip
            response = self.client.post(url, data)
            if response.status_code >= 500:
                failures.append(f"POST {url} {str(fields)[:80]} -> {response.status_code}")
        for kind, body in ODD_TIP_BODIES:
            response = self.client.post(url, body, content_type=kind)
            if response.status_code >= 500:
                failures.append(f"POST {url} {kind} -> {response.status_code}")
        self.assertEqual(failures, [])
        kinds = set(Attachment.objects.values_list("content_type", flat=True))
        self.assertLessEqual(kinds, {"image/jpeg", "image/png"})
        # Stored: the good ones, and broken UTF-8 as replacement characters; never a NUL.
        self.assertEqual(set(Tip.objects.values_list("text", flat=True)), {"제보", "\ufffd" * 3})
