"""What readers see of the front page, registered once with the page cache (newsroom.pagecache).

A published edition (live, or scheduled for a minute) retires "lists", as an article does: the
home page is stored under it, and the page cache's next scheduled change is kept per "lists"
version, so a newly scheduled edition is counted among the moments nothing is kept past. A draft
retires nothing. The home page is also never kept past the next scheduled article (articles'
own registration), which covers a pinned article that is not live yet.
"""

from django.db.models import Min

from newsroom import pagecache

from .models import Edition, Slot


def next_edition():
    return Edition.objects.scheduled().aggregate(first=Min("publish_at"))["first"]


def register():
    published = Edition.Status.PUBLISHED
    pagecache.register(
        Edition,
        scopes=lambda edition: ("lists",),
        seen=lambda edition: edition.status == published,
        next_change=next_edition,
    )
    # A published edition's slots are not edited (frontpage.models); should code do it, or
    # delete the edition, readers' pages follow.
    pagecache.register(
        Slot,
        scopes=lambda slot: ("lists",),
        seen=lambda slot: Edition.objects.filter(pk=slot.edition_id, status=published).exists(),
    )
    pagecache.register_page("articles:home", scopes=lambda kwargs: ("site", "lists"))
