from django.apps import AppConfig


class BreakingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "breaking"
    verbose_name = "속보"

    def ready(self):
        from . import cache

        cache.register()
