from functools import partial

from django.utils import timezone

from .models import Section, SiteSettings
from .pagecache import content_version, kept


def site(request):
    """The paper's settings, today's date and the section navigation, for every template;
    `content_version` keys the fragments every page shares (masthead, ticker, footer)."""
    version = getattr(request, "content_version", None) or content_version()
    return {
        "site": kept("site-settings", version, SiteSettings.load, 300),
        "today": timezone.localdate(),
        # Asked for only when a template shows it (a masthead fragment is missing, say).
        "nav_sections": partial(kept, "nav-sections", version, _active_sections, 3600),
        "content_version": version,
    }


def _active_sections():
    return list(Section.objects.filter(active=True))
