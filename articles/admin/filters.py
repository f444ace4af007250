"""The article list's filters, each headed by its plain name ("상태", not Django's
"상태 (으)로"): admin/articles/article/filter.html."""

from django.contrib import admin

from ..models import Article
from ..workflow import State

TEMPLATE = "admin/articles/article/filter.html"


class StateFilter(admin.SimpleListFilter):
    """By the workflow's states: 예약 and 게재중 are the same status on either side of now."""

    template = TEMPLATE
    title = "상태"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        match self.value():
            case State.DRAFT:
                return queryset.filter(status=Article.Status.DRAFT)
            case State.REVIEW:
                return queryset.filter(status=Article.Status.REVIEW)
            case State.SCHEDULED:
                return queryset.scheduled()
            case State.LIVE:
                return queryset.published()
        return queryset


class SectionFilter(admin.RelatedFieldListFilter):
    template = TEMPLATE


class ReporterFilter(admin.RelatedFieldListFilter):
    template = TEMPLATE


class PublishTimeFilter(admin.DateFieldListFilter):
    template = TEMPLATE
