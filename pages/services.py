from django.db import transaction

from . import demo_content
from .models import Page, PolicyVersion


@transaction.atomic
def pages_seed_demo() -> int:
    """The usual set of a paper's pages with demo text, and two privacy policy versions, for a
    paper that lacks them (seed_demo): a page the desk already has, by its kind (the required
    ones) or its address, is left as it is. Returns how many pages were made."""
    made = 0
    for title, address, kind, body, position in demo_content.PAGES:
        if kind == Page.Kind.OTHER:
            page = Page.objects.filter(address=address).first()
        else:
            page = Page.objects.filter(kind=kind).first()
        if page is None:
            page = Page(title=title, address=address, kind=kind, position=position)
            page.body = body.strip()
            page.full_clean()
            page.save()
            made += 1
        if page.is_privacy and not page.versions.exists():
            for day, text in demo_content.PRIVACY_VERSIONS:
                version = PolicyVersion(page=page, effective_on=day, body=text.strip())
                version.full_clean()
                version.save()
    return made
