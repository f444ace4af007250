"""The newsroom in a real browser: a reporter writes and submits, the desk schedules, readers see
the article at that minute, and two editors' saves collide."""

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from articles.templatetags.newsroom import stamp
from tests.factories import (
    make_article,
    make_editor,
    make_reporter,
    make_reporter_user,
    make_section,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

GPS_IFD = 0x8825
EDITOR = "iframe.cke_wysiwyg_frame"


def photo_with_gps(size=(900, 600), color=(200, 80, 40)):
    """A JPEG as a phone takes it: camera make and where it was taken, in EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(GPS_IFD)[2] = (37.0, 31.0, 12.0)  # GPSLatitude: 영등포구청 앞
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def stored_image(url_or_name):
    """The stored file behind a /media/ URL (Korean names are percent-encoded in it) or a
    FileField name, decoded."""
    name = unquote(url_or_name.removeprefix(settings.MEDIA_URL))
    return Image.open(Path(settings.MEDIA_ROOT) / name)


@pytest.fixture
def admin_problems(page, watch_page):
    """Script errors and failed requests on the admin pages the test walks through."""
    failed = []
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and failed.append(f"{response.status} {response.url}")
        ),
    )

    def problems():
        errors = [e for e in watch_page["errors"] if not e.startswith("Failed to load resource")]
        return errors + failed + watch_page["dialogs"]

    return problems


def log_in(page, live_server, user):
    """Through the admin's own login form (django-axes watches it)."""
    page.goto(live_server.url + "/admin/")
    page.get_by_label("사용자 이름:").fill(user.username)
    page.get_by_label("비밀번호:").fill("pw-" + user.username)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("#site-name")).to_have_text("뉴스룸 관리")
    expect(page.locator("h1")).to_have_text("편집국")


def pick_autocomplete(page, container, search, choice):
    """A select2 autocomplete of the admin: open it, type, choose."""
    container.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=choice).click()


def wait_for_editor(page):
    page.wait_for_function("() => window.CKEDITOR?.instances.id_body?.status === 'ready'")


def editor_html(page):
    return page.evaluate("CKEDITOR.instances.id_body.getData()")


def type_at_end_of_body(page, text):
    """A new paragraph at the end of CKEditor's body, typed as a person would."""
    page.frame_locator(EDITOR).locator("body > p").last.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def editor_photo(page):
    """The photo in CKEditor's editing area, once it has loaded (or failed to)."""
    found = page.wait_for_function(
        """() => {
            const editor = window.CKEDITOR?.instances.id_body;
            const img = editor?.status === "ready" && editor.editable().findOne("figure img");
            if (!img || !img.$.complete) return null;
            const root = img.$.ownerDocument.documentElement;
            return {
                src: img.getAttribute("src"),
                naturalWidth: img.$.naturalWidth,
                overflow: root.scrollWidth - root.clientWidth,
                caption: editor.editable().findOne("figure figcaption")?.getText(),
            };
        }"""
    )
    return found.json_value()


def test_reporter_writes_an_article_with_a_photo_and_submits_it(
    live_server, page, admin_problems, newsroom_roles, screenshot, tmp_path
):
    make_section(name="행정", slug="admin")
    user, reporter = make_reporter_user("reporter", name="이천용")
    photo = tmp_path / "현장.jpg"
    photo.write_bytes(photo_with_gps())
    assert Image.open(photo).getexif()  # the camera's EXIF is there before the upload

    log_in(page, live_server, user)
    page.locator("tr.model-article").get_by_role("link", name="추가").click()
    expect(page.locator("h1")).to_have_text("기사 추가")
    # Django's change_form.js (loaded async) puts the cursor in the first field of an add form;
    # typing before it has would send the next field's text to the title.
    expect(page.get_by_label("제목:")).to_be_focused()
    page.get_by_label("제목:").fill("안양천 산책로 새 단장")
    page.get_by_label("부제:").fill("야간 조명과 쉼터 설치")
    pick_autocomplete(page, page.locator(".field-section"), "행정", "행정")

    # The body, typed into CKEditor: a paragraph with bold text and a link.
    wait_for_editor(page)
    page.frame_locator(EDITOR).locator("body").click()
    page.keyboard.type("영등포구가 안양천 산책로를 새로 단장한다. ")
    page.keyboard.press("Control+B")
    page.keyboard.type("다음 달부터")
    page.keyboard.press("Control+B")
    page.keyboard.type(" 공사를 시작한다. 자세한 내용은 구청 누리집")
    for _ in "구청 누리집":
        page.keyboard.press("Shift+ArrowLeft")
    page.locator(".cke_button__link").click()
    link_dialog = page.locator(".cke_dialog").filter(has_text="링크 정보")
    link_dialog.get_by_label("URL").fill("https://www.ydp.go.kr/")
    link_dialog.get_by_role("button", name="확인").click()
    page.frame_locator(EDITOR).locator("a", has_text="구청 누리집").wait_for()
    page.keyboard.press("End")
    page.keyboard.type("에 있다.")
    page.keyboard.press("Enter")

    # A photo through the image dialog's upload tab, with a caption.
    page.locator(".cke_button__image").click()
    image_dialog = page.locator(".cke_dialog").filter(has_text="이미지 속성")
    image_dialog.get_by_role("tab", name="업로드").click()
    image_dialog.frame_locator("iframe.cke_dialog_ui_input_file").locator(
        "input[type=file]"
    ).set_input_files(photo)
    image_dialog.get_by_role("button", name="서버로 전송").click()
    expect(image_dialog.get_by_label("URL")).to_have_value(re.compile(r"^/media/uploads/"))
    image_dialog.get_by_label("대체 문자열").fill("안양천 산책로")
    image_dialog.get_by_label("이미지 설명 넣기").check()
    image_dialog.get_by_role("button", name="확인").click()
    caption = page.frame_locator(EDITOR).locator("figure figcaption")
    caption.click()
    # Only once the caption holds the focus does Ctrl+A select the caption, not the whole body.
    expect(caption).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("공사를 앞둔 안양천 산책로")

    # The lead photo, straight from the phone as well.
    page.get_by_label("대표 사진:").set_input_files(photo)
    page.get_by_label("사진 설명:").fill("안양천 산책로 입구")

    page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(page.locator(".messagelist .success")).to_contain_text("추가했습니다")
    article = Article.objects.get()
    assert article.reporter == reporter
    assert article.status == Article.Status.DRAFT

    # Saved and opened again: the photo shows inside the editor, loaded from the stored file,
    # and fits the editing area (editor.css), so the caption under it is in view.
    photo_in_editor = editor_photo(page)
    assert photo_in_editor["src"].startswith("/media/uploads/")
    assert photo_in_editor["naturalWidth"] == 900
    assert photo_in_editor["overflow"] <= 0
    assert photo_in_editor["caption"] == "공사를 앞둔 안양천 산책로"

    page.get_by_role("button", name="승인 요청").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "“안양천 산책로 새 단장” 기사를 승인 요청했습니다."
    )
    expect(page.locator(".field-state_badge")).to_contain_text("승인대기")

    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "<strong>다음 달부터</strong>" in article.body
    assert re.search(r'<a href="https://www.ydp.go.kr/"[^>]*>구청 누리집</a>', article.body)
    assert "<figcaption>공사를 앞둔 안양천 산책로</figcaption>" in article.body
    body_photo = re.search(r'<img[^>]* src="([^"]+)"', article.body).group(1)
    for stored in (stored_image(body_photo), stored_image(article.photo.name)):
        assert len(stored.getexif()) == 0, stored.getexif()
        assert "exif" not in stored.info
    assert article.photo_caption == "안양천 산책로 입구"
    assert admin_problems() == []
    screenshot(page, "newsroom-reporter-submitted")


def test_desk_schedules_a_submitted_article_and_readers_see_it_at_that_minute(
    live_server, page, admin_problems, new_context, newsroom_roles, screenshot
):
    admin, culture = (
        make_section(name="행정", slug="admin"),
        make_section(name="문화", slug="culture"),
    )
    _, reporter = make_reporter_user("reporter", name="이천용")
    submitted = make_article(
        title="안양천 산책로 새 단장",
        body="<p>영등포구가 안양천 산책로를 새로 단장한다.</p><p>공사는 다음 달에 시작한다.</p>",
        section=admin,
        reporter=reporter,
        status=Article.Status.REVIEW,
        publish_at=None,
    )
    picks = [
        make_article(title="안양천 자전거길 전 구간 개통", section=admin, reporter=reporter),
        make_article(title="여의도 한강공원 야간 조명 켠다", section=culture, reporter=reporter),
    ]
    make_article(title="문래동 예술촌 골목 축제", section=culture, reporter=reporter)
    desk = make_editor("desk")

    log_in(page, live_server, desk)
    page.locator("tr.model-article").get_by_role("link", name="기사", exact=True).click()
    page.locator("#changelist-filter").get_by_role("link", name="승인대기").click()
    expect(page).to_have_url(re.compile(r"[?&]state=review"))
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    results.get_by_role("link", name=submitted.title).click()
    expect(page.locator(".field-state_badge")).to_contain_text("승인대기")

    related = page.locator(".inline-group")
    for position, pick in enumerate(picks, start=1):
        related.get_by_role("button", name="관련 기사 하나 더 추가").click()
        row = related.locator("tr.form-row.dynamic-related_links").last
        row.locator(".field-position input").fill(str(position))
        pick_autocomplete(page, row.locator(".field-related"), pick.title[:6], pick.title)

    # To the minute, four to five minutes ahead: the server's clock is moved there below, so
    # nothing races the wall clock.
    now = timezone.localtime()
    publish_at = (now + timedelta(minutes=5)).replace(second=0, microsecond=0)
    page.locator("#id_publish_at_0").fill(f"{publish_at:%Y-%m-%d}")  # 날짜
    page.locator("#id_publish_at_1").fill(f"{publish_at:%H:%M}:00")  # 시각
    page.get_by_role("button", name="예약 게재").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"“{submitted.title}” 기사를 {publish_at:%Y.%m.%d %H:%M} 게재로 예약했습니다."
    )
    expect(page.locator(".field-state_badge .state")).to_have_text(f"예약 {publish_at:%m.%d %H:%M}")
    assert admin_problems() == []

    # live_server answers in a thread of this process, and time_machine moves the clock of the
    # whole process (time.time() included, by which the page cache keeps pages), so the server
    # lives these moments. The browser's clock is not moved: its own HTTP cache would still
    # hold the pages it was told to keep until that minute, so a fresh browser looks again.
    reader = new_context().new_page()
    with time_machine.travel(publish_at - timedelta(seconds=30), tick=True) as clock:
        # An anonymous reader half a minute before: the article's URL is not found, and neither
        # the section nor the home page lists it; those pages are cached no longer than until
        # that minute (well under PAGE_CACHE_SECONDS).
        response = reader.goto(live_server.url + submitted.get_absolute_url())
        assert response.status == 404
        for url in [admin.get_absolute_url(), "/"]:
            asked_at = timezone.now()
            response = reader.goto(live_server.url + url)
            expect(reader.locator(".main-column")).to_be_visible()
            expect(reader.get_by_role("link", name=submitted.title)).to_have_count(0)
            max_age = int(re.search(r"max-age=(\d+)", response.headers["cache-control"]).group(1))
            assert 0 < max_age <= (publish_at - asked_at).total_seconds()
            assert max_age < settings.PAGE_CACHE_SECONDS  # capped by that minute, not the default
        assert timezone.now() < publish_at, "the reader's first look must come before publication"

        # Just past that minute the same pages show it, with 등록 at that minute.
        clock.move_to(publish_at + timedelta(seconds=1))
        reader = new_context().new_page()
        reader.goto(live_server.url + "/")
        expect(reader.get_by_role("link", name=submitted.title).first).to_be_visible()
        reader.get_by_role("navigation", name="섹션").get_by_role("link", name="행정").click()
        expect(reader.locator("h1")).to_have_text("행정")
        reader.locator(".main-column").get_by_role("link", name=submitted.title).first.click()
        expect(reader).to_have_url(live_server.url + submitted.get_absolute_url())
        expect(reader.locator("h1.headline")).to_have_text(submitted.title)
        expect(reader.locator(".stamps time").first).to_have_text(stamp(publish_at))
        teasers = reader.locator(".related .teaser-title a")  # the desk's picks first, in order
        for position, pick in enumerate(picks):
            expect(teasers.nth(position)).to_have_text(pick.title)
    submitted.refresh_from_db()
    assert submitted.first_published_at == publish_at
    screenshot(reader, "newsroom-scheduled-article-live")


def test_second_of_two_desk_editors_saving_the_same_article_is_refused(
    live_server, new_context, newsroom_roles, screenshot
):
    article = make_article(
        title="영등포구, 내년 예산 1조 1,480억원 편성",
        body="<p>영등포구가 내년도 예산안을 구의회에 제출했다.</p>",
    )
    first, second = make_editor("choi"), make_editor("kim")
    make_reporter(user=first, name="최명수", title="편집국장")
    make_reporter(user=second, name="김도윤", title="부장")
    pages = []
    for user in (first, second):
        page = new_context().new_page()
        log_in(page, live_server, user)
        page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
        wait_for_editor(page)
        pages.append(page)
    first_page, second_page = pages

    # Both have the article open; the first adds a paragraph and saves.
    type_at_end_of_body(first_page, "복지 예산이 전체의 53%를 차지했다.")
    first_page.get_by_role("button", name="저장하고 계속 편집").click()
    expect(first_page.locator(".messagelist .success")).to_contain_text("저장했습니다")

    # The second, still on the version they opened, changes the title and the body: refused.
    second_page.get_by_label("제목:").fill("영등포구 예산안 제출")
    type_at_end_of_body(second_page, "다른 사람이 쓴 문장.")
    second_page.get_by_role("button", name="저장하고 계속 편집").click()
    conflict = second_page.locator(".errorlist.nonfield")
    expect(conflict).to_contain_text("이 기사를 편집하는 사이 최명수(choi)님이")
    expect(conflict).to_contain_text("먼저 저장했습니다. 덮어쓰지 않도록 저장하지 않았습니다.")
    expect(conflict.get_by_role("link", name="바뀐 내용")).to_be_visible()
    # Nothing of the second editor's is lost from their screen either.
    expect(second_page.get_by_label("제목:")).to_have_value("영등포구 예산안 제출")
    wait_for_editor(second_page)
    assert "다른 사람이 쓴 문장." in editor_html(second_page)

    article.refresh_from_db()
    assert article.title == "영등포구, 내년 예산 1조 1,480억원 편성"
    assert "복지 예산이 전체의 53%를 차지했다." in article.body
    assert "다른 사람이 쓴 문장." not in article.body
    screenshot(second_page, "newsroom-edit-conflict")
