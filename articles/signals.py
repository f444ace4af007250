"""Cache invalidation: any saved or deleted row that readers can see bumps the content version.

This is the one place signals are used, on purpose: invalidation must follow every save path
(admin, services, shell, imports), and it changes no domain data. Bulk `update()` and
`bulk_create()` send no signals; code that uses them calls `content_changed()` itself.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .pagecache import content_changed

READER_VISIBLE = [
    "articles.Article",
    "articles.RelatedArticle",
    "articles.Section",
    "articles.Reporter",
    "articles.SiteSettings",
    "weather.Station",
    "weather.Observation",
]


def _changed(sender, **kwargs):
    # Now, and again after the commit: a page rebuilt in between, from the old rows, is then
    # stored under a version nobody asks for any more.
    content_changed()
    transaction.on_commit(content_changed)


def connect():
    for label in READER_VISIBLE:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"content-changed-{label}")
