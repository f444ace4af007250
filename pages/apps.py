from django.apps import AppConfig


class PagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"
    verbose_name = "신문사 안내"

    def ready(self):
        from . import cache

        cache.register()
