from django.utils import timezone

from .models import Section, SiteSettings
from .pagecache import content_version


def site(request):
    """The paper's settings, today's date and the section navigation, for every template;
    `content_version` keys the fragments every page shares (masthead, ticker, footer)."""
    return {
        "site": SiteSettings.load(),
        "today": timezone.localdate(),
        "nav_sections": Section.objects.filter(active=True),  # lazy: only on a fragment miss
        "content_version": getattr(request, "content_version", None) or content_version(),
    }
