"""The old CMSs' addresses keep working: a paper moving from mediaOn or ND Soft loses no link.

Lists: mediaOn's 전체기사 and section lists, ND Soft's article lists, to ours, through the old
code the desk sets on each section. Articles keep their numbers (test_views.py).
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import make_editor, make_section

pytestmark = pytest.mark.django_db
ND = "/news/articleList.html?"  # ND Soft's article lists


@pytest.fixture
def sections():
    return {
        "admin": make_section(name="행정", slug="admin", mediaon_code="56", ndsoft_code="S1N2"),
        "culture": make_section(name="문화", slug="culture", ndsoft_code="S2N15"),
        "hidden": make_section(name="폐지", slug="gone", mediaon_code="9", active=False),
    }


def moved_to(client, url):
    response = client.get(url)
    assert response.status_code == 301, (url, response.status_code)
    return response["Location"]


@pytest.mark.parametrize(
    "old,new",
    [
        ("/news/article_list_all.html", "/news/"),
        ("/news/article_list_all.html?page=3", "/news/?page=3"),
        ("/news/article_list_all.html?page=1", "/news/"),
        ("/news/article_list_all.html?page=abc", "/news/"),
        ("/news/article_list_all.html?sec_no=56", "/news/"),  # this list has no section
        ("/news/section_list_all.html?sec_no=56", "/section/admin/"),
        ("/news/section_list_all.html?sec_no=56&page=2", "/section/admin/?page=2"),
        ("/news/section_list_all.html?page=2&sec_no=56&view_type=sm", "/section/admin/?page=2"),
        ("/news/section_list_all.html", "/news/"),
        ("/news/articleList.html?sc_section_code=S1N2", "/section/admin/"),
        (ND + "sc_section_code=S1N2&view_type=sm&page=4", "/section/admin/?page=4"),
        ("/news/articleList.html?sc_sub_section_code=S2N15&view_type=sm", "/section/culture/"),
        # A sub-section's list names its parent too: the most specific code the desk set wins.
        (ND + "sc_section_code=S1N2&sc_sub_section_code=S2N15", "/section/culture/"),
        (ND + "sc_section_code=S1N2&sc_sub_section_code=S2N99", "/section/admin/"),
        ("/news/articleList.html?view_type=sm", "/news/"),  # ND Soft's 전체기사
        ("/news/articleList.html?page=2&total=1234&box_idxno=&view_type=sm", "/news/?page=2"),
        ("/news/articleList.html?sc_section_code=", "/news/"),
    ],
)  # fmt: skip
def test_old_list_addresses_move_permanently_to_ours(client, sections, old, new):
    assert moved_to(client, old) == new


@pytest.mark.parametrize(
    "url",
    [
        "/news/section_list_all.html?sec_no=57",  # no section has it
        "/news/section_list_all.html?sec_no=9",  # a hidden section's
        "/news/section_list_all.html?sec_no=S1N2",  # the other system's code
        "/news/articleList.html?sc_section_code=S1N3",
        "/news/articleList.html?sc_section_code=56",
        "/news/articleList.html?sc_section_code=s1n2",
        "/news/articleList.html?sc_sub_section_code=S2N99",
        "/news/section_list_all.html?sec_no=%00",
        "/news/section_list_all.html?sec_no=%EF%BC%95%EF%BC%96",  # full-width ５６
        "/news/section_list_all.html?sec_no=" + "5" * 300,
        "/news/articleList.html?sc_section_code=S1N2%00",
        "/news/articleList.html?sc_section_code=%ED%A0%80",
    ],
)
def test_a_code_no_section_has_is_a_korean_404(client, sections, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_a_code_the_desk_sets_in_the_admin_takes_effect(client, sections):
    assert client.get("/news/section_list_all.html?sec_no=71").status_code == 404
    client.force_login(make_editor())
    culture = sections["culture"]
    response = client.post(
        reverse("admin:articles_section_change", args=[culture.pk]),
        {
            "name": culture.name,
            "slug": culture.slug,
            "position": culture.position,
            "active": "True",
            "mediaon_code": "71",
            "ndsoft_code": "S2N15",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert moved_to(client, "/news/section_list_all.html?sec_no=71") == "/section/culture/"


def test_the_section_form_shows_the_codes_with_korean_help(client, sections):
    client.force_login(make_editor())
    page = client.get(reverse("admin:articles_section_change", args=[sections["admin"].pk]))
    html = page.content.decode()
    assert "미디어온 섹션 번호" in html and "엔디소프트 섹션 코드" in html
    assert "옛 섹션 목록 주소" in html
    assert 'value="56"' in html and 'value="S1N2"' in html


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("mediaon_code", "56", "이 미디어온 섹션 번호는 이미 다른 섹션에 있습니다."),
        ("ndsoft_code", "S1N2", "이 엔디소프트 섹션 코드는 이미 다른 섹션에 있습니다."),
        ("mediaon_code", "5a", "숫자만 적어 주세요."),
        ("ndsoft_code", "s1n2", "S1N2처럼 적어 주세요."),
    ],
)
def test_a_code_is_refused_when_taken_or_malformed(sections, field, value, message):
    section = sections["culture"]
    setattr(section, field, value)
    with pytest.raises(ValidationError) as refused:
        section.full_clean()
    assert message in str(refused.value)


def test_two_sections_cannot_share_a_code_even_past_the_form(sections):
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_section(mediaon_code="56")
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_section(ndsoft_code="S1N2")


def test_many_sections_may_have_no_code(sections):
    make_section()
    make_section()  # both blank: no clash
