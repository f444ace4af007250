"""What readers see of the 속보 banner, registered once with the page cache (newsroom.pagecache).

The banner is a box of its own under the "breaking" version, which every banner save or delete
replaces, so raising or lowering it leaves every page's own stored part alone. The box also
reads "lists", which an article's publication or unpublication replaces. Its start and end are
scheduled changes (next_change), as is its article's minute (the articles' own), so no kept
box outlives the moment the banner should appear or go.
"""

from django.db.models import Min, Q
from django.template.loader import render_to_string
from django.utils import timezone

from newsroom import pagecache

from .models import Breaking


def next_moment():
    """The next start or end of a banner."""
    now = timezone.now()
    found = Breaking.objects.not_ended().aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at")
    )
    return min(filter(None, found.values()), default=None)


def register():
    pagecache.register(Breaking, scopes=lambda banner: ("breaking",), next_change=next_moment)


@pagecache.register_box(
    "breaking", scopes=lambda: ("breaking", "lists"), timeout=pagecache.LONGEST_KEPT
)
def banner(current):
    """The newest banner readers may see, or nothing."""
    showing = Breaking.objects.showing().first()
    if showing is None:
        return ""
    return render_to_string("breaking/banner.html", {"banner": showing})
