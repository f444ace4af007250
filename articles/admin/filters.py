"""The article list's filters."""

from django.contrib import admin

from ..models import Article
from ..workflow import State


class StateFilter(admin.SimpleListFilter):
    """By the workflow's states: 예약 and 게재중 are the same status on either side of now."""

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
