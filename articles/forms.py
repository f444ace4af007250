from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms

from .images import process_image
from .models import Article


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "subtitle",
            "section",
            "reporter",
            "body",
            "summary",
            "photo",
            "photo_caption",
            "status",
            "publish_at",
        ]
        widgets = {
            "body": CKEditorUploadingWidget(),
            "subtitle": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and not getattr(photo, "_committed", False) and hasattr(photo, "size"):
            return process_image(photo)
        return photo
