"""The desk's 속보 screen: raise a banner over an article with an end time, or lower it now.
Reporters have no permission on it (breaking/migrations/0002)."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from newsroom.admin_forms import name_date_and_time

from .models import Breaking


class BreakingForm(forms.ModelForm):
    class Meta:
        model = Breaking
        fields = ["article", "text", "starts_at", "ends_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_date_and_time(self.fields["starts_at"], "올릴")
        name_date_and_time(self.fields["ends_at"], "내릴")


@admin.register(Breaking)
class BreakingAdmin(admin.ModelAdmin):
    form = BreakingForm
    list_display = ["__str__", "article", "starts_at", "ends_at", "state"]
    list_select_related = ["article"]
    search_fields = ["text", "article__title"]
    autocomplete_fields = ["article"]
    date_hierarchy = "starts_at"
    actions = ["lower"]

    @admin.display(description="상태")
    def state(self, banner):
        now = timezone.now()
        if banner.ends_at <= now:
            return "내림"
        if banner.starts_at > now:
            return "올릴 예정"
        if not banner.article.is_published():
            return "기사 게재 전 (숨김)"
        return "게시중"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="고른 속보 지금 내리기", permissions=["change"])
    def lower(self, request, queryset):
        # One save each, not update(): the save is what retires the banner's cached box.
        lowered = 0
        for banner in queryset.not_ended():
            banner.lower()
            lowered += 1
        self.message_user(request, f"속보 {lowered}건을 내렸습니다.", messages.SUCCESS)
