"""The desk's 광고 screens: banners with a cleaned picture, alt text and an http(s) link; a
chart of impressions and clicks; the advertiser's report as CSV for Excel; the ending notice."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ads.models import Banner, DailyStat, Position
from tests.factories import make_banner, make_editor, make_photo, make_reporter_user, make_user

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def form(**overrides):
    now = timezone.localtime()
    ends = now + timedelta(days=30)
    data = {
        "position": Position.objects.get(code="top").pk,
        "advertiser": "영등포구청",
        "name": "구정 소식",
        "alt": "영등포구 구정 소식지 12월호",
        "link": "https://www.ydp.go.kr/",
        "new_window": "on",
        "network_code": "",
        "starts_at_0": now.strftime("%Y-%m-%d"),
        "starts_at_1": now.strftime("%H:%M"),
        "ends_at_0": ends.strftime("%Y-%m-%d"),
        "ends_at_1": ends.strftime("%H:%M"),
        "weight": "1",
        "order": "0",
    }
    data.update(overrides)
    return data


def test_the_desk_adds_a_banner_with_a_cleaned_picture(client):
    client.force_login(make_editor())
    photo = make_photo("구청 배너.jpg", size=(728, 90))
    response = client.post(reverse("admin:ads_banner_add"), {**form(), "image": photo})
    assert response.status_code == 302, response.context["adminform"].form.errors
    banner = Banner.objects.get()
    assert banner.image.name.startswith("ads/") and banner.image.name.endswith(".jpg")
    with Image.open(banner.image.path) as image:
        assert image.size == (728, 90) and not image.getexif()


def test_a_banner_needs_alt_text_and_an_http_link(client):
    client.force_login(make_editor())
    url = reverse("admin:ads_banner_add")
    for field, value, message in [
        ("alt", " ", "대체 텍스트를 넣으세요."),
        ("link", "javascript:alert(1)", "http:// 또는 https:// 주소를 넣으세요."),
        ("link", "ftp://example.com/", "http:// 또는 https:// 주소를 넣으세요."),
    ]:
        response = client.post(url, {**form(**{field: value}), "image": make_photo()})
        assert response.status_code == 200
        assert message in response.context["adminform"].form.errors[field][0]
    response = client.post(url, form())  # no picture
    assert "그림을 올리세요." in response.context["adminform"].form.errors["image"]
    assert not Banner.objects.exists()


def test_network_code_only_where_the_position_allows_it(client):
    client.force_login(make_editor())
    data = form(alt="", link="", network_code="<script>ad()</script>")
    response = client.post(reverse("admin:ads_banner_add"), data)
    errors = response.context["adminform"].form.errors
    assert errors["network_code"] == ["이 위치는 네트워크 광고를 허용하지 않습니다."]
    Position.objects.filter(code="top").update(allows_network=True)
    assert client.post(reverse("admin:ads_banner_add"), data).status_code == 302


def test_reporters_have_no_ad_screens(client):
    user, _ = make_reporter_user()
    client.force_login(user)
    assert client.get(reverse("admin:ads_banner_changelist")).status_code == 403
    assert client.get(reverse("admin:ads_banner_report")).status_code == 403


def test_positions_are_changed_never_added_or_removed(client):
    client.force_login(make_editor())
    top = Position.objects.get(code="top")
    assert client.get(reverse("admin:ads_position_add")).status_code == 403
    assert client.get(reverse("admin:ads_position_delete", args=[top.pk])).status_code == 403
    assert client.get(reverse("admin:ads_position_change", args=[top.pk])).status_code == 200
    assert Position.objects.count() == 5


def test_the_change_page_charts_impressions_and_clicks(client):
    banner = make_banner()
    DailyStat.objects.create(banner=banner, day=timezone.localdate(), impressions=120, clicks=7)
    client.force_login(make_editor())
    page = client.get(reverse("admin:ads_banner_change", args=[banner.pk])).content.decode()
    assert 'aria-label="최근 30일 노출, 모두 120회"' in page
    assert 'aria-label="최근 30일 클릭, 모두 7회"' in page
    # The picture by a link and a preview, never its storage path (which is English).
    assert (
        f'href="{banner.image.url}">열어 보기</a>' in page and f">{banner.image.name}<" not in page
    )


def test_the_report_is_a_csv_excel_opens_with_a_row_per_banner_per_day(client):
    start = datetime(2026, 11, 3, 9, tzinfo=SEOUL)
    banner = make_banner(
        name="가을 축제",
        advertiser="영등포구청",
        starts_at=start,
        ends_at=start + timedelta(days=3),
    )
    make_banner(advertiser="다른 광고주", starts_at=start, ends_at=start + timedelta(days=3))
    DailyStat.objects.create(banner=banner, day=date(2026, 11, 3), impressions=200, clicks=3)
    DailyStat.objects.create(banner=banner, day=date(2026, 11, 5), impressions=100, clicks=0)
    client.force_login(make_editor())
    query = {"advertiser": "영등포구청", "start": "2026-11-01", "end": "2026-11-30"}
    response = client.get(reverse("admin:ads_banner_report"), query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["광고주", "광고 이름", "위치", "날짜", "노출", "클릭", "클릭률(%)"],
        ["영등포구청", "가을 축제", "상단", "2026-11-03", "200", "3", "1.50"],
        ["영등포구청", "가을 축제", "상단", "2026-11-04", "0", "0", "0.00"],
        ["영등포구청", "가을 축제", "상단", "2026-11-05", "100", "0", "0.00"],
        ["영등포구청", "가을 축제", "상단", "2026-11-06", "0", "0", "0.00"],
        ["영등포구청", "합계", "", "2026-11-01~2026-11-30", "300", "3", "1.00"],
    ]


def test_the_report_form_refuses_a_period_that_ends_before_it_starts(client):
    make_banner()
    client.force_login(make_editor())
    url = reverse("admin:ads_banner_report")
    assert "광고 보고서 내려받기" in client.get(url).content.decode()
    query = {"advertiser": "영등포구청", "start": "2026-11-30", "end": "2026-11-01"}
    page = client.get(url, query).content.decode()
    assert "종료일은 시작일과 같거나 뒤여야 합니다." in page
    changelist = client.get(reverse("admin:ads_banner_changelist")).content.decode()
    assert f'href="{url}"' in changelist


def test_the_desk_is_mailed_once_about_banners_ending_soon():
    make_editor()
    make_user("retired", group="데스크", email="old@example.com", is_active=False)
    desk = make_user("desk2", group="데스크", email="desk@example.com")
    now = timezone.now()
    soon = make_banner(name="연말 행사", ends_at=now + timedelta(days=2))
    make_banner(name="내년 행사", ends_at=now + timedelta(days=10))
    call_command("notify_ending_banners", verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [desk.email]
    assert "연말 행사" in mail.outbox[0].body and "내년 행사" not in mail.outbox[0].body
    call_command("notify_ending_banners", verbosity=0)
    assert len(mail.outbox) == 1  # once per banner
    with time_machine.travel(now + timedelta(days=8)):
        call_command("notify_ending_banners", verbosity=0)
    assert len(mail.outbox) == 2 and "내년 행사" in mail.outbox[1].body
    soon.refresh_from_db()
    assert soon.ending_notice_sent_at is not None


def test_a_new_end_gets_its_own_notice(client):
    make_user("desk2", group="데스크", email="desk@example.com")
    banner = make_banner(ends_at=timezone.now() + timedelta(days=1))
    call_command("notify_ending_banners", verbosity=0)
    client.force_login(make_editor())
    ends = timezone.localtime(banner.ends_at + timedelta(days=1))
    data = form(
        ends_at_0=ends.strftime("%Y-%m-%d"),
        ends_at_1=ends.strftime("%H:%M"),
        starts_at_0=timezone.localtime(banner.starts_at).strftime("%Y-%m-%d"),
        starts_at_1=timezone.localtime(banner.starts_at).strftime("%H:%M"),
    )
    url = reverse("admin:ads_banner_change", args=[banner.pk])
    assert client.post(url, data).status_code == 302
    call_command("notify_ending_banners", verbosity=0)
    assert len(mail.outbox) == 2
