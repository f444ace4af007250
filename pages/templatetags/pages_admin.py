"""The admin start page's word on the pages the law requires (templates/admin/index.html)."""

from django import template

from ..models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def missing_required_pages(context) -> list[str]:
    """The required pages (개인정보처리방침, 청소년보호정책) the paper has not made yet, for staff
    who may make them: one query."""
    if not context["request"].user.has_perm("pages.add_page"):
        return []
    made = set(Page.objects.filter(kind__in=Page.REQUIRED).values_list("kind", flat=True))
    return [Page.Kind(kind).label for kind in Page.REQUIRED if kind not in made]
