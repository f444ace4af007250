"""Pasting from Word, 한글 and a web page into the editor (issue 15), with our own
reconstructions of their clipboards (tests/articles/fixtures/paste/): a data: photo is uploaded
through our own checks, a photo we cannot take is taken out and named to the reporter at once,
bold and centring are kept, and the saved body holds no image without a source."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e import test_newsroom
from tests.e2e.test_newsroom import (
    EDITOR,
    editor_html,
    log_in,
    pick_autocomplete,
    wait_for_editor,
)
from tests.factories import make_reporter_user, make_section

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

admin_problems = test_newsroom.admin_problems  # the fixture: failed requests, script errors
PASTE = Path(__file__).resolve().parents[1] / "articles" / "fixtures" / "paste"
# Where the caret is put before each paste: a new paragraph at the end of the body.
PASTE_SCRIPT = """html => {
    const editor = CKEDITOR.instances.id_body;
    const editable = editor.editable();
    editor.focus();
    const range = editor.createRange();
    range.moveToElementEditEnd(editable);
    range.select();
    const win = editor.window.$;
    const clipboard = new win.DataTransfer();
    clipboard.setData("text/html", html);
    clipboard.setData("text/plain", editable.getText());
    editable.$.dispatchEvent(new win.ClipboardEvent("paste", {
        clipboardData: clipboard, bubbles: true, cancelable: true,
    }));
}"""


def paste(page, name):
    page.evaluate(PASTE_SCRIPT, (PASTE / name).read_text(encoding="utf-8"))


def uploaded_photos(page, count):
    """Wait until `count` pasted photos are uploaded and shown from /media/; their sources."""
    page.wait_for_function(
        """count => {
            const editable = CKEDITOR.instances.id_body.editable();
            return !editable.findOne(".cke_upload_uploading, [data-cke-upload-id]")
                && editable.find('img[src^="/media/uploads/"]').count() === count;
        }""",
        arg=count,
    )
    return page.evaluate(
        """() => CKEDITOR.instances.id_body.editable().find("img:not(.cke_reset)").toArray()
            .map(img => img.getAttribute("src"))"""
    )


def sourceless_images(html):
    return [tag for tag in re.findall(r"<img\b[^>]*>", html) if " src=" not in tag]


def open_new_article(page, live_server):
    make_section(name="행정", slug="admin")
    user, _reporter = make_reporter_user("reporter", name="이천용")
    log_in(page, live_server, user)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.get_by_label("제목:").fill("붙여 넣은 기사")
    pick_autocomplete(page, page.locator(".field-section"), "행정", "행정")
    wait_for_editor(page)


def test_pasted_photos_are_uploaded_or_named_and_formatting_is_kept(
    live_server, page, admin_problems, newsroom_roles, screenshot
):
    open_new_article(page, live_server)
    notices = page.locator(".cke_notification_warning")

    # Word: its local file (clip_image001.jpg) cannot be read; the data: photo is uploaded.
    paste(page, "word.html")
    expect(notices).to_have_count(1)
    expect(notices.first).to_contain_text("붙여 넣은 사진 1장은 넣지 못했습니다: 시장 입구 사진")
    assert uploaded_photos(page, 1)[0].startswith("/media/uploads/")
    body = page.frame_locator(EDITOR).locator("body")
    expect(body.locator("p.align-center strong")).to_have_text("신길동 골목시장 새 지붕 올린다")
    expect(body.locator("em", has_text="상인회")).to_have_count(1)
    expect(body.locator("strong", has_text="다음 달 착공")).to_have_count(1)

    # 한글: a local file again, named by its description; bold and centring kept.

    paste(page, "hwp.html")
    page.wait_for_timeout(1000)
    expect(notices.filter(has_text="도서관 열람실")).to_have_count(1)

    expect(body.locator("p.align-center strong")).to_contain_text(["대림동 어린이 도서관 문 연다"])
    expect(body.locator("strong", has_text="1만2천 권")).to_have_count(1)

    # A news page: its remote photo is not fetched but named; its data: photo is uploaded.
    paste(page, "web.html")
    expect(notices.filter(has_text="축제를 찾은 시민들")).to_have_count(1)
    sources = uploaded_photos(page, 2)
    assert all(src.startswith("/media/uploads/") for src in sources), sources
    expect(body).not_to_contain_text("지난해 축제를 찾은 시민들 (자료 사진)")
    screenshot(page, "paste-notices")

    page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(page.locator(".messagelist .success")).to_contain_text("추가했습니다")
    stored = Article.objects.get().body
    assert sourceless_images(stored) == []
    assert len(re.findall(r'<img [^>]*src="/media/uploads/', stored)) == 2, stored
    # 한글's paragraph that held only the removed photo is not left behind.
    assert not re.search(r'<p class="align-center">(\s|&nbsp;|\xa0)*</p>', stored), stored
    assert '<p class="align-center"><strong>신길동 골목시장 새 지붕 올린다</strong></p>' in stored
    assert "file:" not in stored and "https://img.example-news.kr" not in stored
    # The uploaded photos keep the descriptions they were pasted with.
    assert re.search(r'<img [^>]*alt="공사 안내도"[^>]*src="/media/uploads/', stored), stored
    assert re.search(r'<img [^>]*alt="통제 구역 지도"[^>]*src="/media/uploads/', stored), stored
    wait_for_editor(page)
    assert sourceless_images(editor_html(page)) == []
    assert admin_problems() == []


def test_a_blob_photo_is_uploaded_and_one_that_cannot_be_read_is_named(
    live_server, page, admin_problems, newsroom_roles
):
    open_new_article(page, live_server)
    # Two blob: photos of this page, the second already let go of (as a closed tab's would be).
    html = page.evaluate(
        """async () => {
            const canvas = document.createElement("canvas");
            canvas.width = 40;
            canvas.height = 30;
            canvas.getContext("2d").fillRect(0, 0, 40, 30);
            const blob = await new Promise(resolve => canvas.toBlob(resolve, "image/png"));
            const kept = URL.createObjectURL(blob);
            const gone = URL.createObjectURL(blob);
            URL.revokeObjectURL(gone);
            return `<p>블롭 사진 두 장</p><p><img src="${kept}" alt="그래픽">`
                + `<img src="${gone}" alt="닫힌 창의 그래픽"></p>`;
        }"""
    )
    page.evaluate(PASTE_SCRIPT, html)
    notice = page.locator(".cke_notification_warning")
    expect(notice).to_contain_text("붙여 넣은 사진 1장은 넣지 못했습니다: 닫힌 창의 그래픽")
    assert uploaded_photos(page, 1)[0].startswith("/media/uploads/")

    page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(page.locator(".messagelist .success")).to_contain_text("추가했습니다")
    stored = Article.objects.get().body
    assert "블롭 사진 두 장" in stored
    assert sourceless_images(stored) == [] and "blob:" not in stored
    assert len(re.findall(r'<img [^>]*src="/media/uploads/', stored)) == 1, stored
    assert admin_problems() == []
