"""The 편집 screen: the desk lays out an edition of the front page, previews it as readers will
see it at its minute, and publishes it now or for a minute (frontpage.services).

A draft is edited; a published edition (live, scheduled or past) is shown read-only, with the way
to copy it into a new draft (to change it, or to restore an earlier one) and, while scheduled,
to take the schedule back. A save over someone else's newer save is refused (EditionForm).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Subquery, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from articles.models import Section
from newsroom.admin_forms import name_date_and_time

from . import services
from .layout import AREAS, default_slots, front_page, layout_problems, live_slots
from .models import Edition, Slot

PUBLISH_NOW = "_publish_now"
SCHEDULE = "_schedule"


class EditionForm(forms.ModelForm):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    action = None  # PUBLISH_NOW or SCHEDULE when that button was pressed: set by EditionAdmin

    class Meta:
        model = Edition
        fields = ["title", "publish_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_token"].initial = str(self.instance.revision)
        if "publish_at" in self.fields:  # not on a published edition's read-only page
            name_date_and_time(self.fields["publish_at"], "게재")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.refuse_stale_save()
        if self.action == SCHEDULE and not cleaned.get("publish_at"):
            self.add_error("publish_at", "예약하려면 게재 시각을 정하세요.")
        elif self.action is not None:
            at = cleaned.get("publish_at") if self.action == SCHEDULE else None
            problem = services.publish_problem(edition=self.instance, at=at)
            if problem:
                raise ValidationError(problem)
        return cleaned

    def refuse_stale_save(self):
        """The admin validates and saves in one transaction: the row stays locked until this
        save is committed, so a second save of the same version waits, then is refused."""
        now = Edition.objects.select_for_update().filter(pk=self.instance.pk)
        revision, status = now.values_list("revision", "status").get()
        opened = self.data.get("edit_token", "")
        if status != Edition.Status.DRAFT:
            raise ValidationError(
                "그사이 이 판이 게재되었습니다. 고치려면 복사해 새 판을 만드세요."
            )
        if opened.isascii() and opened.isdigit() and int(opened) != revision:
            self.data = self.data.copy()
            self.data["edit_token"] = str(revision)  # saving again is a decision made knowing
            raise ValidationError(
                "이 판을 편집하는 사이 다른 사람이 먼저 저장했습니다. 덮어쓰지 않도록 저장하지 "
                "않았습니다. 새 창에서 그 내용을 확인한 뒤 다시 저장하면 지금 화면의 내용으로 "
                "바뀝니다."
            )


class SlotFormSet(forms.BaseInlineFormSet):
    """The layout as a whole: one 톱, two to four 서브톱, no article pinned twice, photos only in
    포토뉴스 (frontpage.layout.layout_problems)."""

    def clean(self):
        super().clean()
        slots = []
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", None)
            if not cleaned or cleaned.get("DELETE") or not cleaned.get("area"):
                continue
            slots.append(Slot(**{k: cleaned.get(k) for k in SlotInline.fields}))
        problems = layout_problems(slots)
        if problems:
            raise ValidationError(problems)


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["area", "position", "section", "article", "correction", "size"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row of the table has no label of its own; the column heads are not labels.
        for name, label in [("area", "자리"), ("position", "순서"), ("size", "제목 수")]:
            self.fields[name].widget.attrs["aria-label"] = label
        for name, label in [
            ("section", "섹션"),
            ("article", "고정 기사"),
            ("correction", "정정·반론보도"),
        ]:
            widget = self.fields[name].widget
            getattr(widget, "widget", widget).attrs["aria-label"] = label


class SlotInline(admin.TabularInline):
    model = Slot
    form = SlotForm
    ordering = [Case(*(When(area=a, then=n) for n, a in enumerate(AREAS))), "position", "pk"]
    formset = SlotFormSet
    fields = ["area", "position", "section", "article", "correction", "size"]
    autocomplete_fields = ["section", "article", "correction"]
    extra = 0
    verbose_name = "자리"
    verbose_name_plural = (
        "자리 (톱 1, 서브톱 2~4, 포토뉴스 0~6, 섹션 상자. 고정 기사를 비우면 섹션의 최신 기사로 "
        "채워지고, 게재 전인 고정 기사는 게재 시각부터 보입니다)"
    )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(obj)

    def get_extra(self, request, obj=None, **kwargs):
        return len(_starting_rows(request)) if obj is None else 0


def _starting_rows(request) -> list[dict]:
    """A new edition starts as a copy of the live one (of the default layout if none)."""
    if request.method != "GET":
        return []
    if not hasattr(request, "starting_rows"):
        slots = live_slots() or default_slots(list(Section.objects.filter(active=True)))
        slots.sort(key=lambda s: (AREAS.index(s.area), s.position))  # as the page reads
        request.starting_rows = [
            {"area": s.area, "position": s.position, "size": s.size}
            | {"section": s.section_id, "article": s.article_id, "correction": s.correction_id}
            for s in slots
        ]
    return request.starting_rows


def _editable(edition) -> bool:
    return edition is None or edition.status == Edition.Status.DRAFT


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = EditionForm
    fields = ["title", "publish_at"]  # the version opened travels in form_top (the template)
    inlines = [SlotInline]
    list_display = ["__str__", "state", "publish_at", "updated_by", "updated_at", "preview"]
    list_select_related = ["updated_by"]
    list_filter = ["status"]
    date_hierarchy = "publish_at"
    search_fields = ["title"]
    change_form_template = "admin/frontpage/edition/change_form.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        live = Subquery(Edition.objects.live().values("pk"))
        return super().get_queryset(request).annotate(live_pk=live)

    @admin.display(description="상태")
    def state(self, edition):
        if edition.status == Edition.Status.PUBLISHED and not edition.is_scheduled:
            label, code = (
                ("게재중", "live") if edition.pk == edition.live_pk else ("지난 판", "draft")
            )
        elif edition.is_scheduled:
            label, code = "예약", "scheduled"
        else:
            label, code = "작성중", "review"
        return format_html('<span class="state state-{}">{}</span>', code, label)

    @admin.display(description="미리보기")
    def preview(self, edition):
        url = reverse("admin:frontpage_edition_preview", args=[edition.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">미리보기</a>', url)

    # Editing ---------------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.action = next((a for a in (PUBLISH_NOW, SCHEDULE) if a in request.POST), None)
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj is None or obj.pk is None:
            kwargs["initial"] = _starting_rows(request)
        return kwargs

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        obj.revision += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.action is not None:
            at = form.instance.publish_at if form.action == SCHEDULE else None
            edition = services.edition_publish(edition=form.instance, at=at, by=request.user)
            form.instance.status, form.instance.publish_at = edition.status, edition.publish_at
            request.edition_published = edition

    def response_add(self, request, obj, post_url_continue=None):
        return self._published(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._published(request, obj) or super().response_change(request, obj)

    def _published(self, request, obj):
        edition = getattr(request, "edition_published", None)
        if edition is None:
            return None
        when = f"{timezone.localtime(edition.publish_at):%Y.%m.%d %H:%M}"
        if edition.is_scheduled:
            message = f"‘{edition}’을 {when}에 게재하도록 예약했습니다."
        else:
            message = f"‘{edition}’을 지금 독자에게 게재했습니다."
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:frontpage_edition_changelist"))

    # The edition's own pages -------------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="frontpage_edition_preview",
            ),
            path(
                "<int:pk>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="frontpage_edition_copy",
            ),
            path(
                "<int:pk>/unschedule/",
                self.admin_site.admin_view(self.unschedule_view),
                name="frontpage_edition_unschedule",
            ),
        ]
        return own + super().get_urls()

    def preview_view(self, request, pk):
        """The front page exactly as readers will see it at the edition's minute (now for a
        draft without one): an article scheduled before that minute shows."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        at = edition.publish_at or timezone.now()
        slots = list(edition.slots.select_related("section", "correction"))
        context = {
            "front": front_page(slots, at=at),
            "preview": {
                "edition": edition,
                "at": at,
                "admin_url": reverse("admin:frontpage_edition_change", args=[pk]),
            },
        }
        response = render(request, "frontpage/home.html", context)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def copy_view(self, request, pk):
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        with transaction.atomic():
            copy = services.edition_copy(edition=edition, by=request.user)
        self.message_user(
            request, f"‘{edition}’을 복사해 새 판을 만들었습니다. 고친 뒤 게재하세요."
        )
        return HttpResponseRedirect(reverse("admin:frontpage_edition_change", args=[copy.pk]))

    def unschedule_view(self, request, pk):
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        try:
            services.edition_unschedule(edition=edition, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request, f"‘{edition}’의 예약을 취소했습니다. 작성중으로 돌아갔습니다."
            )
        return HttpResponseRedirect(reverse("admin:frontpage_edition_change", args=[pk]))
