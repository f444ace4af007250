"""The desk's screen for the paper's pages: title, address, text in the article editor, footer
order. The privacy policy is written as versions, each with its 시행일 (the inline under it).
Reporters have no permission on it (pages/migrations/0002)."""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from newsroom.admin_forms import LabelledRowForm

from .models import Page, PolicyVersion


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "address", "kind", "position", "shown", "body"]
        widgets = {"body": CKEditorUploadingWidget()}


class VersionForm(forms.ModelForm):
    """A version in force before today is the record of what readers were told: shown, never
    changed or removed here (a change is a new version with its own 시행일)."""

    class Meta:
        model = PolicyVersion
        fields = ["effective_on", "body"]
        widgets = {"body": CKEditorUploadingWidget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_history:
            for field in self.fields.values():
                field.disabled = True
            self.fields["body"].help_text = (
                "이미 시행된 방침이라 고치거나 지울 수 없습니다. "
                "바꾸려면 새 시행일로 하나 더하세요."
            )


class VersionFormSet(BaseInlineFormSet):
    """The privacy policy has at least one version; no other page has any."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.is_history and "DELETE" in form.fields:
            form.fields["DELETE"].disabled = True

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if self.instance.is_privacy and not kept:
            raise ValidationError("개인정보처리방침의 본문을 시행일과 함께 하나 이상 넣으세요.")
        if not self.instance.is_privacy and kept:
            raise ValidationError(
                "시행일별 본문은 개인정보처리방침에만 둡니다. 이 쪽의 글은 위 본문 칸에 쓰세요."
            )


class VersionInline(admin.StackedInline):
    model = PolicyVersion
    form = VersionForm
    formset = VersionFormSet
    extra = 1
    verbose_name = "시행일별 본문"
    verbose_name_plural = "개인정보처리방침 시행일별 본문 (개정할 때마다 새 시행일로 하나 더합니다)"


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ["title", "link", "kind", "position", "shown"]
    list_display_links = ["title"]
    list_editable = ["position", "shown"]
    list_filter = ["kind", "shown"]
    search_fields = ["title", "address", "body"]
    prepopulated_fields = {"address": ["title"]}

    @admin.display(description="주소", ordering="address")
    def link(self, page):
        return format_html('<a href="{}">/{}/</a>', page.get_absolute_url(), page.address)

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=LabelledRowForm, **kwargs)

    def get_fields(self, request, obj=None):
        fields = ["title", "address", "kind", "position", "shown", "body"]
        if obj is not None and obj.is_required:
            fields[fields.index("shown")] = "always_shown"
        if obj is not None and obj.is_privacy:
            fields.remove("body")  # its text is in the versions below
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A page's kind is what it is; a required page stays shown.
        return ["kind", "always_shown"] if obj.is_required else ["kind"]

    @admin.display(description="바닥글에 보임")
    def always_shown(self, page):
        return "늘 보임 (법이 요구하는 쪽이라 숨길 수 없습니다)"

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def get_inlines(self, request, obj):
        if obj is None or obj.is_privacy:
            return [VersionInline]
        return []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_required:
            return False
        return super().has_delete_permission(request, obj)
