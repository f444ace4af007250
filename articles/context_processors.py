from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import reading

from .cache import active_sections, site_settings


def site(request):
    """The paper's settings and today's date for every template, and the active sections for
    a page that lists them (the search form). Looked up only when a template shows them."""
    return {
        "site": SimpleLazyObject(lambda: site_settings(reading(request))),
        "today": timezone.localdate(),
        "nav_sections": lambda: active_sections(reading(request)),
    }
