from django.http import Http404
from django.shortcuts import render

from .models import Page, PolicyVersion


def shown_page(address):
    page = Page.objects.shown().filter(address=address).first()
    if page is None:
        raise Http404("찾는 쪽이 없습니다.")
    return page


def page(request, address):
    """A page of the paper's; the privacy policy in the version in force today, with links to
    the earlier ones."""
    found = shown_page(address)
    if not found.is_privacy:
        return render(request, "pages/page.html", {"page": found})
    versions = list(PolicyVersion.objects.filter(page=found).in_force())
    current = versions[0] if versions else None
    return render(request, "pages/page.html", policy(found, current, versions))


def version(request, address, day):
    """An earlier (or the current) privacy policy, by its 시행일. One whose day has not come
    is a 404, as an unpublished article is."""
    found = shown_page(address)
    versions = list(PolicyVersion.objects.filter(page=found).in_force()) if found.is_privacy else []
    chosen = next((v for v in versions if v.effective_on == day), None)
    if chosen is None:
        raise Http404("그 시행일의 방침이 없습니다.")
    return render(request, "pages/page.html", policy(found, chosen, versions))


def policy(page, shown, versions):
    for each in versions:
        each.page = page  # their links need the page's address: no query
    return {
        "page": page,
        "version": shown,
        "in_force": versions[0] if versions else None,
        "versions": versions,
    }
