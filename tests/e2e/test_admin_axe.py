"""axe-core at WCAG 2.2 AA on every admin screen the desk and a reporter reach from the start
page, at 1280×800: one page of each shape, as tests/adminwalk.py finds them on the demo paper
(a list's filtered and sorted variants are the same screen and are left out)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Correction, RelatedArticle
from breaking.models import Breaking
from tests.adminwalk import shape, walk
from tests.e2e.axe import axe_violations, describe, violation_targets
from tests.e2e.test_newsroom import log_in, wait_for_editor
from tips.models import Tip

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]


@pytest.fixture
def demo_paper(newsroom_roles):
    call_command("seed_demo", stdout=StringIO())
    # A 속보 and a 정정보도, so that their lists have a row and their change forms are walked.
    article = Article.objects.published().first()
    Breaking.objects.create(
        article=article, text="대림동 상가 화재", ends_at=timezone.now() + timedelta(hours=1)
    )
    Correction.objects.create(article=article, kind="correction", body="<p>바로잡습니다.</p>")
    # A reader's tip with a file, so that the 기사제보 list has a row and its form is walked.
    tip = Tip.objects.create(text="구청 앞 신호등 고장\n사흘째입니다.", phone="010-1234-5678")
    upload = ContentFile(b"%PDF-1.7\n", name="x.pdf")
    tip.attachments.create(file=upload, name="공문.pdf", content_type="application/pdf", size=9)
    for user in get_user_model().objects.filter(username__in=["desk", "reporter"]):
        user.set_password("pw-" + user.username)
        user.save()


@pytest.mark.parametrize("username", ["desk", "reporter"])
def test_every_admin_screen_passes_axe(page, live_server, client, demo_paper, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    screens = [
        url
        for url, response, screen in walk(client)
        if response.status_code == 200 and screen is not None and "?" not in url
    ]
    assert len(screens) > 10
    if username == "desk":  # the 편집 screens (the demo's edition is published), 속보, 정정
        assert {shape(url)[0] for url in screens} >= {
            "/admin/frontpage/edition/add/",
            "/admin/frontpage/edition/N/change/",
            "/admin/frontpage/edition/N/preview/",
            "/admin/breaking/breaking/",
            "/admin/breaking/breaking/add/",
            "/admin/breaking/breaking/N/change/",
            "/admin/articles/correction/N/change/",
            "/admin/articles/correction/add/",
        }
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, user)
    found = {}
    for url in screens:
        page.goto(live_server.url + url)
        if page.locator(".django-ckeditor-widget #id_body").count():  # not a correction's
            wait_for_editor(page)
        violations = axe_violations(page)
        if violations:
            found[url] = violation_targets(violations)
    assert found == {}, "\n".join(f"{url}: {found[url]}" for url in found)


def test_a_new_related_row_passes_axe(page, live_server, demo_paper):
    """The inline table's rows have no labels of their own; a row just added is still named."""
    article, picked = Article.objects.published()[:2]
    RelatedArticle.objects.create(article=article, related=picked, position=0)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, get_user_model().objects.get(username="desk"))
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    wait_for_editor(page)
    page.get_by_role("button", name="관련 기사 하나 더 추가").click()
    expect(page.get_by_role("combobox", name="관련 기사").last).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
