"""The addresses of the CMSs Korean local papers move from (mediaOn, ND Soft), answered with
permanent redirects, so that a paper moving to newsroom loses no inbound link.

Articles keep their numbers: mediaOn's `/news/article.html?no=N` and ND Soft's
`/news/articleView.html?idxno=N` go to article N. Lists go to ours: an old list that names no
section to 전체기사, a section's list to the section the desk gave that old code
(Section.mediaon_code, Section.ndsoft_code); a code no section has is a 404. The page number
goes along.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import reverse

from .converters import ID_MAX_DIGITS
from .models import MEDIAON_CODE, NDSOFT_CODE, Section

# Each old system: the Section field holding its codes, the form of a code, and the query
# parameters its list addresses carry one in (the most specific first).
MEDIAON = {"field": "mediaon_code", "form": MEDIAON_CODE, "params": ("sec_no",)}
NDSOFT = {
    "field": "ndsoft_code",
    "form": NDSOFT_CODE,
    "params": ("sc_sub_section_code", "sc_section_code"),
}


def number(value: str) -> int | None:
    """A whole number written in ASCII digits, or None. (isdigit() alone lets through '²' and
    other Unicode digits, which int() refuses or reads.)"""
    if value.isascii() and value.isdigit() and len(value) <= ID_MAX_DIGITS:
        return int(value)
    return None


def legacy_article(request, param):
    """Links into the paper's old CMS (`?no=123`, `?idxno=123`) move here for good."""
    pk = number(request.GET.get(param, ""))
    if pk is None:
        raise Http404("기사 번호가 올바르지 않습니다.")
    return redirect("articles:detail", pk=pk, permanent=True)


def legacy_list(request, field, form, params):
    """An old list address: 전체기사 when it names no section, else the section whose old code
    (`field`) it names."""
    codes = [code for code in (request.GET.get(name, "") for name in params) if code]
    if not codes:
        target = reverse("articles:all")
    else:
        known = [code for code in codes if form.fullmatch(code)]
        found = Section.objects.filter(active=True, **{f"{field}__in": known}) if known else []
        by_code = {getattr(section, field): section for section in found}
        section = next((by_code[code] for code in codes if code in by_code), None)
        if section is None:
            raise Http404("옛 주소의 섹션을 찾을 수 없습니다.")
        target = section.get_absolute_url()
    page = number(request.GET.get("page", ""))
    if page and page > 1:
        target += f"?page={page}"
    return HttpResponsePermanentRedirect(target)
