"""What 신문법 asks an internet newspaper to show on every page, in the footer of the home page;
the search engines' verification tags in its head; the admin start page's warning while a
required value is missing; seed_demo's pages."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import SiteSettings
from pages.models import Page, PolicyVersion
from pages.services import pages_seed_demo
from tests.factories import make_editor, make_reporter_user

pytestmark = pytest.mark.django_db

LEGAL = {
    "company": "주식회사 영등포신문",
    "name": "영등포신문",
    "registration_number": "서울 아 01234",
    "registered_on": date(2009, 3, 2),
    "first_published_on": date(2009, 3, 16),
    "publisher": "김발행",
    "editor": "박편집",
    "youth_protection_officer": "최보호",
    "address": "서울특별시 영등포구 당산로 1",
    "phone": "02-123-4567",
    "email": "news@example.com",
    "copyright": "© 영등포신문. 무단 전재 및 재배포 금지",
}


def settings_with(**values):
    site = SiteSettings.load()
    for name, value in values.items():
        setattr(site, name, value)
    site.save()
    return site


def test_the_home_page_shows_every_value_the_law_asks_for(client):
    settings_with(**LEGAL)
    html = client.get(reverse("articles:home")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for label, value in [
        ("명칭", "주식회사 영등포신문"),
        ("제호", "영등포신문"),
        ("등록번호", "서울 아 01234"),
        ("등록연월일", "2009.03.02"),
        ("발행연월일", "2009.03.16"),
        ("발행인", "김발행"),
        ("편집인", "박편집"),
        ("청소년보호책임자", "최보호"),
        ("발행소", "서울특별시 영등포구 당산로 1"),
        ("전화번호", "02-123-4567"),
    ]:
        assert f"<dt>{label}</dt><dd>" in footer, label
        assert value in footer, label
    assert "news@example.com" in footer
    assert "© 영등포신문. 무단 전재 및 재배포 금지" in footer
    assert len(SiteSettings.REQUIRED_BY_LAW) == 10  # each of them checked above


def test_the_verification_tags_are_in_the_home_page_head_when_set(client):
    home = reverse("articles:home")
    assert "site-verification" not in client.get(home).content.decode()
    settings_with(naver_verification="abc123naver", google_verification="xyz789-google_")
    head = client.get(home).content.decode().split("</head>")[0]
    assert '<meta name="naver-site-verification" content="abc123naver">' in head
    assert '<meta name="google-site-verification" content="xyz789-google_">' in head


def test_the_start_page_warns_the_desk_of_missing_required_values(client):
    settings_with(**{**LEGAL, "registration_number": "", "first_published_on": None})
    client.force_login(make_editor("desk"))
    html = client.get(reverse("admin:index")).content.decode()
    assert "법적 고지에 빠진 값이 있습니다" in html
    assert "<strong>등록번호, 발행연월일</strong>" in html
    assert f'href="{reverse("admin:articles_sitesettings_changelist")}"' in html

    settings_with(registration_number="서울 아 01234", first_published_on=date(2009, 3, 16))
    assert "법적 고지에 빠진 값이" not in client.get(reverse("admin:index")).content.decode()


def test_the_start_page_names_a_required_page_not_made_yet(client):
    settings_with(**LEGAL)
    client.force_login(make_editor("desk"))
    Page.objects.create(
        title="청소년보호정책", address="청소년보호정책", kind="youth", body="<p>정</p>"
    )
    html = client.get(reverse("admin:index")).content.decode()
    assert "법이 요구하는 쪽이 없습니다: <strong>개인정보처리방침</strong>" in html
    assert f'href="{reverse("admin:pages_page_add")}"' in html
    assert "법적 고지에 빠진 값이" not in html

    Page.objects.create(title="개인정보처리방침", address="개인정보처리방침", kind="privacy")
    assert "법이 요구하는 쪽이 없습니다" not in client.get(reverse("admin:index")).content.decode()


def test_a_reporter_who_cannot_change_the_settings_sees_no_warning(client):
    SiteSettings.load()  # everything the law asks for is missing
    user, _ = make_reporter_user("kim")
    client.force_login(user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "법적 고지에 빠진 값이" not in html and "법이 요구하는 쪽이" not in html


def test_seed_demo_makes_the_usual_pages_once_and_keeps_the_desk_s_own(client):
    call_command("seed_demo", "--no-accounts", stdout=StringIO())
    titles = list(Page.objects.values_list("title", flat=True))
    assert titles == [
        "신문사소개",
        "개인정보처리방침",
        "청소년보호정책",
        "이메일무단수집거부",
        "저작권 정책",
        "광고문의",
    ]
    privacy = Page.objects.get(kind="privacy")
    assert privacy.versions.count() == 2  # an earlier one, and the one in force
    assert all(page.body for page in Page.objects.exclude(kind="privacy"))

    Page.objects.filter(kind="youth").update(title="청소년 보호 정책", body="<p>우리 글</p>")
    PolicyVersion.objects.create(page=privacy, effective_on=date(2026, 1, 1), body="<p>새</p>")
    assert pages_seed_demo() == 0
    assert Page.objects.count() == 6
    assert Page.objects.get(kind="youth").body == "<p>우리 글</p>"
    assert privacy.versions.count() == 3
    for page in Page.objects.all():
        assert client.get(page.get_absolute_url()).status_code == 200, page.address
