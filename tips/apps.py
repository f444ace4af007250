from django.apps import AppConfig


class TipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tips"
    verbose_name = "기사제보"

    def ready(self):
        from newsroom import pagecache

        # The thank-you page only: the form carries a CSRF token, so it is never stored nor
        # gzipped (BREACH, docs/security.md); an unregistered page is neither.
        pagecache.register_page("tips:sent")
