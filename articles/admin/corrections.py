"""정정·반론보도: the desk attaches a notice to an article; it shows at the top of the article's
page and in its feed entry. Reporters have no permission on it (migration 0020)."""

from ckeditor.widgets import CKEditorWidget
from django import forms
from django.contrib import admin

from ..models import Correction


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "kind", "published_on", "body"]
        # Paragraphs and links as the desk types them (a bare textarea lost the line breaks).
        widgets = {"body": CKEditorWidget(config_name="short")}


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["article", "kind", "published_on"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["article__title", "body"]
    autocomplete_fields = ["article"]
    date_hierarchy = "published_on"
    fields = ["article", "kind", "published_on", "body"]

    def get_queryset(self, request):
        # Each row is named by its article (Correction.__str__), in the list and in 1면 편집's
        # autocomplete.
        return super().get_queryset(request).select_related("article")
