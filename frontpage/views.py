from django.shortcuts import render

from articles.cache import active_sections
from newsroom import pagecache

from .layout import default_slots, front_page, live_slots


def home(request):
    """The front page of the live edition; the default layout until the desk publishes one.
    The sections are those the masthead reads (kept per process), so no query of their own."""
    slots = live_slots() or default_slots(active_sections(pagecache.reading(request)))
    context = {"front": front_page(slots), "current_nav": "home"}
    return render(request, "frontpage/home.html", context)
