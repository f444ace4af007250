"""The writing screen in Chromium at 1280×800, as a reporter and the desk use it: a form error
keeps the chosen lead photo, the article itself cannot be picked as its own related article,
and the editor, its dialogs and its image browser speak Korean."""

import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from playwright.sync_api import expect

from articles.images import process_image
from articles.models import Article, RelatedArticle
from tests.e2e import test_newsroom
from tests.e2e.test_newsroom import (
    EDITOR,
    editor_html,
    log_in,
    photo_with_gps,
    pick_autocomplete,
    wait_for_editor,
)
from tests.factories import (
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_reporter_user,
    make_section,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

admin_problems = test_newsroom.admin_problems  # the fixture: failed requests, script errors
# Screenshots go with the test results; the ones in docs/ are copied there after a look.
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def pending_root(tmp_path, settings):
    """The folder where lead photos wait for their article's save: the test's own private
    storage's pending/ (articles.pending)."""
    private = settings.STORAGES["private"]
    private = {**private, "OPTIONS": {**private["OPTIONS"], "location": tmp_path / "private"}}
    settings.STORAGES = {**settings.STORAGES, "private": private}
    return tmp_path / "private" / "pending"


def loaded_image(locator):
    """The image's natural width once it has loaded (0 if it failed)."""
    locator.page.wait_for_function("img => img.complete", arg=locator.element_handle())
    return locator.evaluate("img => img.naturalWidth")


def test_a_form_error_keeps_the_lead_photo(
    live_server, page, admin_problems, newsroom_roles, pending_root, screenshot, tmp_path
):
    page.set_viewport_size(WIDE)
    make_section(name="행정", slug="admin")
    user, reporter = make_reporter_user("reporter", name="이천용")
    photo = tmp_path / "현장.jpg"
    photo.write_bytes(photo_with_gps())

    log_in(page, live_server, user)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.get_by_label("제목:").fill("안양천 산책로 새 단장")
    expect(page.locator("#id_title_count")).to_have_text("12/200자")
    wait_for_editor(page)
    page.frame_locator(EDITOR).locator("body").click()
    page.keyboard.type("영등포구가 안양천 산책로를 새로 단장한다.")

    # Chosen: shown at once, before anything is sent.
    page.get_by_label("대표 사진:").set_input_files(photo)
    preview = page.locator(".field-photo .lead-photo-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("아직 저장되지 않은 사진 현장.jpg")
    assert loaded_image(preview.locator("img")) == 900
    page.get_by_label("사진 설명:").fill("안양천 산책로 입구")

    # Saved without a section: refused, and the photo is still there, shown from the server.
    page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-section .errorlist")).to_have_text("필수 항목입니다.")
    expect(preview).to_be_visible()
    expect(preview.locator("img")).to_have_attribute("src", re.compile("/pending-photo/"))
    assert loaded_image(preview.locator("img")) == 900
    expect(preview).to_contain_text("아직 저장되지 않은 사진 현장.jpg")
    expect(page.get_by_label("사진 설명:")).to_have_value("안양천 산책로 입구")
    assert Article.objects.count() == 0
    assert len(list(pending_root.glob("*"))) == 1  # waiting in the private storage
    screenshot(page, "writing-form-error-keeps-photo")

    # With the section chosen, the next save stores the article with that photo.
    pick_autocomplete(page, page.locator(".field-section"), "행정", "행정")
    page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(page.locator(".messagelist .success")).to_contain_text("추가했습니다")
    article = Article.objects.get()
    assert article.reporter == reporter
    assert article.photo.name.startswith("photos/")
    assert (article.photo.width, article.photo.height) == (900, 600)
    expect(preview.locator("img")).to_have_attribute("src", article.photo.url)
    assert loaded_image(preview.locator("img")) == 900
    expect(page.locator("label.lead-photo-choose")).to_have_text("다른 사진으로 바꾸기")
    assert list(pending_root.glob("*")) == []
    assert admin_problems() == []


def test_picking_the_article_itself_is_refused_with_a_message(
    live_server, page, admin_problems, newsroom_roles, pending_root, screenshot
):
    page.set_viewport_size(WIDE)
    article = make_article(title="안양천 산책로 새 단장")
    other = make_article(title="안양천 자전거길 전 구간 개통")
    desk = make_editor("desk")
    make_reporter(user=desk, name="최명수", title="편집국장")

    log_in(page, live_server, desk)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    related = page.locator(".inline-group")
    related.get_by_role("button", name="관련 기사 하나 더 추가").click()
    row = related.locator("tr.form-row.dynamic-related_links").last
    row.locator(".field-position input").fill("1")

    # The picker offers the other article, never this one.
    row.locator(".field-related .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("안양천")
    options = page.locator(".select2-container--open .select2-results__option")
    expect(options).to_have_text([other.title])
    page.keyboard.press("Escape")

    # Should it arrive all the same (a page opened before this rule, a hand-made request), the
    # form says why, on the row, and keeps everything else as typed.
    row.locator(".field-related select").evaluate(
        """(select, [id, title]) => {
            select.append(new Option(title, id, true, true));
            select.dispatchEvent(new Event("change", {bubbles: true}));
        }""",
        [str(article.pk), article.title],
    )
    page.get_by_label("제목:").fill("안양천 산책로 새 단장 (고침)")
    page.get_by_role("button", name="저장하고 계속 편집").click()
    error = page.locator(".inline-group .errorlist")
    expect(error).to_have_text("이 기사 자신은 관련 기사로 고를 수 없습니다. 다른 기사를 고르세요.")
    expect(page.get_by_label("제목:")).to_have_value("안양천 산책로 새 단장 (고침)")
    wait_for_editor(page)
    assert "영등포구 소식" in editor_html(page)
    assert not RelatedArticle.objects.exists()
    article.refresh_from_db()
    assert article.title == "안양천 산책로 새 단장"
    screenshot(page, "writing-related-itself-refused")

    # The other one is taken.
    row = related.locator("tr.form-row.dynamic-related_links").last
    pick_autocomplete(page, row.locator(".field-related"), "자전거길", other.title)
    page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(page.locator(".messagelist .success")).to_contain_text("저장했습니다")
    assert list(RelatedArticle.objects.values_list("related", flat=True)) == [other.pk]
    assert admin_problems() == []


DIALOG_WORDS = (
    ".cke_dialog:visible :is(label, .cke_dialog_title, a[role=tab], .cke_dialog_ui_button)"
)


def english_words(page):
    """Latin words in what the open dialog says (its title, tabs, labels and buttons, those of
    its other tabs too). URL and ID are how Korean writes them."""
    texts = page.locator(DIALOG_WORDS).all_inner_texts()
    return sorted({word for text in texts for word in re.findall(r"[A-Za-z]{2,}", text)})


def test_the_writing_screen_at_1280_px(
    live_server, page, admin_problems, newsroom_roles, pending_root, screenshot
):
    page.set_viewport_size(WIDE)
    desk = make_editor("desk")
    make_reporter(user=desk, name="최명수", title="편집국장")
    article = make_article(
        title="영등포구, 내년 예산 1조 1,480억원 편성",
        subtitle="복지 예산이 절반 넘어\n구의회 심의 거쳐 12월 확정",
        body="<p>영등포구가 내년도 예산안을 구의회에 제출했다.</p>",
        photo=make_photo("구청.jpg", size=(1200, 800), color=(60, 110, 70)),
        photo_caption="영등포구청 전경 (사진=영등포신문)",
        reporter=make_reporter(name="이천용"),
        section=make_section(name="행정", slug="admin"),
    )
    # A photo uploaded earlier through the editor, for the image browser.
    folder = f"uploads/{desk.pk}/2026/01/08/"
    uploaded = default_storage.save(
        folder + "구청-앞.jpg", process_image(make_photo("구청 앞.jpg"))
    )

    log_in(page, live_server, desk)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    wait_for_editor(page)
    page.screenshot(path=SHOTS / "admin-writing.png", full_page=True)

    # Wide fields, a tall editor, the lead photo as a thumbnail.
    title = page.get_by_label("제목:")
    assert title.bounding_box()["width"] >= 650  # beside it, the count
    assert page.get_by_label("사진 설명:").bounding_box()["width"] >= 700
    assert page.get_by_label("부제:").bounding_box()["width"] >= 700
    frame = page.locator(EDITOR).bounding_box()
    assert frame["width"] >= 700 and frame["height"] >= 550, frame
    thumbnail = page.locator(".field-photo .lead-photo-preview img")
    assert loaded_image(thumbnail) == 1200
    assert thumbnail.bounding_box()["width"] <= 330  # 320 and its border
    expect(page.locator(".field-photo")).not_to_contain_text("photos/")
    title.press("End")
    title.press_sequentially(" 확정")
    expect(page.locator("#id_title_count")).to_have_text("28/200자")

    # The link dialog: Korean, a web address, an e-mail or an anchor; no Phone, no 고급 or
    # 업로드 tab.
    page.frame_locator(EDITOR).locator("body p").click()
    page.keyboard.press("End")
    for _ in "구의회에 제출했다.":
        page.keyboard.press("Shift+ArrowLeft")
    page.locator(".cke_button__link").click()
    link_dialog = page.locator(".cke_dialog").filter(has_text="링크 정보")
    expect(link_dialog).to_be_visible()
    link_type = link_dialog.get_by_label("링크 종류")
    kinds = [kind.strip() for kind in link_type.locator("option").all_inner_texts()]
    assert kinds == ["주소(URL)", "책갈피", "이메일"]
    expect(link_dialog.get_by_role("tab")).to_have_text(["링크 정보", "타겟"])
    assert set(english_words(page)) <= {"URL", "ID"}
    link_dialog.get_by_role("button", name="취소").click()

    # A photo from the image browser (Korean), then a caption that is a field: empty, and
    # what one types is all it holds.
    page.frame_locator(EDITOR).locator("body p").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.locator(".cke_button__image").click()
    image_dialog = page.locator(".cke_dialog").filter(has_text="이미지 속성")
    with page.expect_popup() as opened:
        image_dialog.get_by_role("button", name="서버 탐색").click()
    browser = opened.value
    browser.wait_for_load_state()
    expect(browser.locator("h1")).to_have_text("본문에 넣을 사진을 고르세요")
    expect(browser.get_by_label("파일 이름으로 찾기")).to_be_visible()
    assert browser.title() == "사진 고르기 | 뉴스룸"
    said = " ".join(browser.locator("h1, form").all_inner_texts())
    assert re.findall(r"[A-Za-z]{2,}", said) == []
    # Choosing a photo closes the browser's window from its own click handler; a plain click
    # can find its page gone before it has returned (TargetClosedError).
    with browser.expect_event("close"):
        browser.get_by_role("button", name="구청-앞.jpg").dispatch_event("click")
    expect(image_dialog.get_by_label("URL")).to_have_value(default_storage.url(uploaded))
    image_dialog.get_by_label("대체 문자열").fill("영등포구청 앞")
    image_dialog.get_by_label("이미지 설명 넣기").check()
    assert set(english_words(page)) <= {"URL", "ID"}
    image_dialog.get_by_role("button", name="확인").click()
    caption = page.frame_locator(EDITOR).locator("figure figcaption")
    expect(caption).to_have_text("")
    screenshot(page, "writing-caption-empty")
    caption.click()
    expect(caption).to_be_focused()
    page.keyboard.type("영등포구청 앞 (사진=영등포신문)")
    expect(caption).to_have_text("영등포구청 앞 (사진=영등포신문)")
    typed = r"<figcaption[^>]*>영등포구청 앞 \(사진=영등포신문\)</figcaption>"
    assert re.search(typed, editor_html(page)), editor_html(page)
    screenshot(page, "writing-caption-typed")

    page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(page.locator(".messagelist .success")).to_contain_text("저장했습니다")
    article.refresh_from_db()
    assert "<figcaption>영등포구청 앞 (사진=영등포신문)</figcaption>" in article.body
    assert admin_problems() == []
