"""기사제보 in a real browser: a reader sends a tip with a phone photo (after a form sent back for
a missing consent, which keeps the text); the desk gets a mail with a link, logs in, finds the tip
in the admin and downloads the photo, without its EXIF."""

from io import BytesIO

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from tests.e2e import test_newsroom
from tests.e2e.axe import axe_violations, describe
from tests.e2e.test_newsroom import log_in, photo_with_gps
from tests.factories import make_editor
from tips.models import Tip

pytestmark = pytest.mark.django_db(transaction=True)

admin_problems = test_newsroom.admin_problems  # the fixture, shared with the newsroom's tests

TEXT = "영등포동 골목에 쓰레기가 사흘째 쌓여 있습니다.\n사진을 보냅니다."


@pytest.fixture
def desk(newsroom_roles):
    editor = make_editor("desk")
    editor.email = "desk@paper.example"
    editor.save()
    return editor


def test_a_reader_sends_a_tip_with_a_photo_and_the_desk_downloads_it(
    live_server, page, new_context, desk, admin_problems, tmp_path
):
    photo = tmp_path / "골목.jpg"
    photo.write_bytes(photo_with_gps())
    # axe is added to the page as a script: our Content-Security-Policy would refuse it.
    phone = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "bypass_csp": True}
    reader = new_context(**phone).new_page()
    reader.goto(live_server.url + "/report/")
    expect(reader.locator("h1")).to_have_text("기사제보")
    reader.get_by_label("제보 내용").fill(TEXT)
    reader.get_by_label("첨부 파일").set_input_files(photo)
    reader.get_by_label("만 14세 이상입니다").check()
    reader.get_by_role("button", name="제보 보내기").click()

    # No consent: sent back with the error on the checkbox, the text kept, the file asked again.
    consent = reader.get_by_label("위 개인정보 수집·이용에 동의합니다")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(reader.locator("#id_consent_error")).to_contain_text("동의해야 제보를 보낼 수")
    expect(reader.get_by_label("제보 내용")).to_have_value(TEXT)
    expect(reader.get_by_text("첨부 파일은 다시 골라 주세요")).to_be_visible()
    violations = axe_violations(reader)
    assert violations == [], describe(violations)
    assert not Tip.objects.exists()

    consent.check()
    reader.get_by_label("첨부 파일").set_input_files(photo)
    reader.get_by_role("button", name="제보 보내기").click()
    expect(reader.locator("h1")).to_have_text("제보가 접수되었습니다")
    tip = Tip.objects.get()
    assert tip.text == TEXT.replace("\n", "\r\n") and not tip.has_contact

    # The desk's mail: a link only.
    (message,) = mail.outbox
    assert message.to == ["desk@paper.example"] and "골목" not in message.body
    link = next(line for line in message.body.splitlines() if line.startswith("http"))
    assert link == f"{live_server.url}/admin/tips/tip/{tip.pk}/change/"

    log_in(page, live_server, desk)
    page.goto(live_server.url + "/admin/tips/tip/")
    row = page.locator("#result_list tbody tr").filter(has_text="영등포동 골목에 쓰레기가")
    expect(row).to_have_count(1)
    expect(row.locator(".field-status")).to_have_text("접수")
    page.goto(link)
    expect(page.locator("h1")).to_have_text("기사제보 수정")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="골목.jpg").click()
    download = download_info.value
    assert download.suggested_filename == "골목.jpg"
    with Image.open(BytesIO(download.path().read_bytes())) as downloaded:
        assert downloaded.format == "JPEG" and dict(downloaded.getexif()) == {}

    page.get_by_label("상태:").select_option(label="검토중")
    page.get_by_label("데스크 메모:").fill("이천용 기자에게 배정")
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    tip.refresh_from_db()
    assert tip.status == Tip.Status.REVIEWING and tip.note == "이천용 기자에게 배정"
    assert admin_problems() == []
