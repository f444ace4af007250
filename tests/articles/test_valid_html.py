"""Every reader page is valid HTML, as the W3C Nu checker (vnu.jar) sees it, offline.

vnu.jar comes from npm's vnu-jar, pinned in tests/e2e/node/package-lock.json, and runs on Java;
`.ci/run` installs both. Without them the test skips and says how to get them.
"""

import json
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from ads.models import Position
from articles.models import Correction, DailyViews, RelatedArticle, SiteSettings
from breaking.models import Breaking
from pages.services import pages_seed_demo
from tests.factories import (
    make_article,
    make_banner,
    make_observation,
    make_photo,
    make_reporter,
    make_section,
)
from tests.tips.helpers import pdf

VNU = Path(__file__).resolve().parents[1] / "e2e/node/node_modules/vnu-jar/build/dist/vnu.jar"

BODY = (
    "<p>영등포구가 안양천 산책로 3.2km 구간을 새로 단장한다.</p>"
    "<h2>무엇이 바뀌나</h2><p>야간 조명과 <strong>쉼터</strong>를 <em>설치</em>한다.</p>"
    "<blockquote><p>주민들이 안전하게 걸을 수 있게 하겠다.</p></blockquote>"
    "<ul><li>조명 120개</li><li>쉼터 8곳</li></ul>"
    "<table><tbody><tr><th>구간</th><td>3.2km</td></tr></tbody></table>"
    '<p class="align-center"><a href="https://example.com/notice">구 공고</a></p>'
)


def vnu_errors(pages: dict[str, bytes], folder: Path) -> list[str]:
    """The checker's errors for each page, as `name:line: message`; one JVM for all."""
    if shutil.which("java") is None or not VNU.exists():
        pytest.skip(
            "the HTML checker needs Java and vnu.jar: `apt-get install default-jre-headless` and "
            "`npm ci --prefix tests/e2e/node` (.ci/run does both)"
        )
    files = []
    for name, content in pages.items():
        files.append(folder / f"{name}.html")
        files[-1].write_bytes(content)
    command = ["java", "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always"]
    command += ["--errors-only", "--no-langdetect", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    return [
        f"{Path(message['url']).stem}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] in ("error", "non-document-error")
    ]


class ReaderPagesAreValidHtml(TestCase):
    @classmethod
    def setUpTestData(cls):
        from weather.models import Station

        SiteSettings.load()
        cls.section = make_section(name="행정", slug="admin")
        culture = make_section(name="문화", slug="culture")
        cls.reporter = make_reporter(name="이천용", title="기자", email="lee@example.com")
        now = timezone.now()
        # Three pages of a section, times with microseconds (as real saves have them).
        for n in range(45):
            make_article(
                section=cls.section,
                reporter=cls.reporter,
                title=f"안양천 산책로 {n}번째 소식",
                subtitle="야간 조명과 쉼터\n하반기 완공",
                publish_at=now - timedelta(hours=n, microseconds=123456),
            )
        cls.article = make_article(
            section=cls.section,
            reporter=cls.reporter,
            title="영등포구, 안양천 산책로 새 단장 <준공>",
            subtitle="야간 조명과 쉼터 설치\n자전거 도로와 보행로 분리",
            body=BODY,
            photo=make_photo(),
            photo_caption="안양천 산책로 (사진=영등포구)",
            publish_at=now - timedelta(minutes=5, microseconds=654321),
        )
        cls.article.first_published_at = now - timedelta(days=1, microseconds=1)
        cls.article.save()
        other = make_article(section=culture, reporter=cls.reporter, photo=make_photo())
        RelatedArticle.objects.create(article=cls.article, related=other)
        DailyViews.objects.create(article=cls.article, day=timezone.localdate(), views=30)
        DailyViews.objects.create(article=other, day=timezone.localdate(), views=20)
        fresh, stale = Station.objects.order_by("position")[:2]  # from the data migration
        make_observation(fresh, observed_at=now - timedelta(microseconds=5))
        make_observation(stale, observed_at=now - timedelta(hours=5))  # shows its time
        pages_seed_demo()  # the paper's pages in the footer, and the privacy policy's versions

    @override_settings(ADS_NETWORK_CODE=True)  # a network ad's frame among the banners
    def test_every_reader_page_passes_the_nu_html_checker(self):
        search = reverse("articles:search")
        urls = {
            "home": reverse("articles:home"),
            "section": self.section.get_absolute_url(),
            "section-page-3": self.section.get_absolute_url() + "?page=3",
            "all-articles": reverse("articles:all"),
            "all-articles-page-2": reverse("articles:all") + "?page=2",
            "article": self.article.get_absolute_url(),
            "reporter": self.reporter.get_absolute_url(),
            "most-read": reverse("articles:most-read"),
            "most-read-month": reverse("articles:most-read") + "?window=month",
            "search": search + "?q=안양천",
            "search-nothing-found": search + "?q=없는낱말",
            "search-form": search,
            "tip-form": reverse("tips:report"),
            "tip-sent": reverse("tips:sent"),
            "search-bad-dates": search + "?q=안양천&start=2024-13-01&section=none",
            "not-found": "/articles/999999/",
            "no-such-page": "/no-such-page/",
            "paper-page": "/신문사소개/",
            "privacy-policy": "/개인정보처리방침/",
            "privacy-policy-earlier": "/개인정보처리방침/2024-01-01/",
        }
        pages = {}
        for name, url in urls.items():
            response = self.client.get(url)
            assert response.status_code == (404 if name.startswith("no") else 200), url
            pages[name] = response.content
        # The desk raises a 속보 and corrects the article: the banner on a reader page, the
        # notice at the top of the article.
        Breaking.objects.create(
            article=self.article, text="안양천 산책로 오늘 밤 개방 <속보>",
            ends_at=timezone.now() + timedelta(hours=1),
        )  # fmt: skip
        Correction.objects.create(
            article=self.article,
            kind=Correction.Kind.CORRECTION,
            body="<p>본지는 산책로 길이를 <strong>3.2km</strong>로 바로잡습니다.</p>",
        )
        # Banners in every place (two in one, to rotate), and a network ad's frame.
        for code in ("top", "top", "wing", "middle", "bottom", "popup"):
            make_banner(code, alt=f"{code} 배너 <광고> & 안내")
        Position.objects.filter(code="bottom").update(allows_network=True)
        make_banner("bottom", image="", alt="", link="", network_code="<script>x()</script>")
        for name, url in [("home-with-breaking", urls["home"]),
                          ("article-with-correction", urls["article"])]:  # fmt: skip
            response = self.client.get(url)
            assert response.status_code == 200, url
            pages[name] = response.content
        # The tip form sent back: an error on each field it checks, a file that is not a PDF.
        data = {"text": "", "phone": "x", "email": "x", "files": pdf(data=b"x")}
        sent_back = self.client.post(reverse("tips:report"), data)
        assert sent_back.status_code == 200 and b'aria-invalid="true"' in sent_back.content
        pages["tip-form-sent-back"] = sent_back.content
        assert b'class="breaking' in pages["home-with-breaking"]
        assert b"<dialog" in pages["home-with-breaking"]
        assert b"<iframe" in pages["home-with-breaking"]
        assert b'class="ad ad-middle' in pages["article-with-correction"]
        assert "바로잡습니다".encode() in pages["article-with-correction"]
        assert b"<time" in pages["article"] and b"<img" in pages["article"]
        with tempfile.TemporaryDirectory() as folder:
            errors = vnu_errors(pages, Path(folder))
        assert errors == [], "\n".join(errors)
