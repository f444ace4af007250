from django.utils import timezone

from .models import Section, SiteSettings


def site(request):
    """The paper's settings, today's date and the section navigation, for every template."""
    return {
        "site": SiteSettings.load(),
        "today": timezone.localdate(),
        "nav_sections": Section.objects.filter(active=True),
    }
