"""정정·반론보도: the desk attaches a notice to an article; it shows at the top of the article's
page and in its feed entry. Reporters have no permission on it (migration 0020)."""

from django.contrib import admin

from ..models import Correction


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "kind", "published_on"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["article__title", "body"]
    autocomplete_fields = ["article"]
    date_hierarchy = "published_on"
    fields = ["article", "kind", "published_on", "body"]
