from django.contrib import admin
from django.utils import timezone

from newsroom.admin_forms import LabelledRowForm, name_date_and_time

from .models import FetchRun, Observation, Station
from .services import observation_save_by_desk


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "stn_id", "position", "active", "nx", "ny"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    search_fields = ["name", "=stn_id"]
    fieldsets = [
        (None, {"fields": ["name", "stn_id", "position", "active"]}),
        ("보조 자료 격자", {"fields": ["nx", "ny"]}),
    ]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=LabelledRowForm, **kwargs)


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["station", "observed_at", "condition", "temperature", "source", "fetched_at"]
    list_filter = ["source", "condition", "station"]
    list_select_related = ["station"]
    search_fields = ["station__name", "=station__stn_id"]
    date_hierarchy = "observed_at"
    autocomplete_fields = ["station"]
    fields = ["station", "observed_at", "temperature", "condition", "source", "fetched_at"]
    readonly_fields = ["source", "fetched_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "observed_at":
            name_date_and_time(field, "관측")
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("observed_at", timezone.now().replace(second=0, microsecond=0))
        return initial

    def save_model(self, request, obj, form, change):
        observation_save_by_desk(observation=obj)


@admin.register(FetchRun)
class FetchRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "outcome", "observed_at", "stored", "resume_at"]
    list_filter = ["outcome"]
    date_hierarchy = "started_at"
    search_fields = ["message"]
    readonly_fields = ["started_at", "outcome", "observed_at", "stored", "message", "resume_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
