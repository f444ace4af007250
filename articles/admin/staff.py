"""The 직원 screen: who works in the newsroom, in one form per person (login, e-mail, role,
byline), the page that removes someone, and the page the invite mail links to.

Who may give which role is articles.staff's; this module only asks it. Django's own user admin
stays, for superusers only: it sets passwords by hand and gives single permissions and flags,
which is how a superuser repairs an account, and exactly what the 직원 screen leaves out.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import BadHeaderError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html

from ..models import Reporter, Staff
from ..staff import (
    Role,
    Standing,
    grantable_roles,
    may_invite,
    may_manage,
    may_remove,
    role_of,
    staff_invite,
    staff_remove,
    staff_save,
    standing_of,
)
from ..workflow import display_name, minute


class StaffForm(forms.ModelForm):
    role = forms.ChoiceField(label="역할", choices=Role.choices)
    reporter = forms.ModelChoiceField(
        label="바이라인",
        queryset=Reporter.objects.filter(user=None),
        required=False,
        empty_label="새 바이라인 만들기",
        help_text="로그인 계정이 없는 바이라인을 고르면 이 계정과 이어지고, 그 이름으로 쓴 기사도 "
        "이 계정의 기사가 됩니다. 이름과 직함을 비워 두면 바이라인의 것을 그대로 씁니다.",
    )
    byline_name = forms.CharField(
        label="바이라인 이름",
        max_length=50,
        required=False,
        help_text="기사 첫머리에 [신문 이름=이천용 기자]처럼 나오는 이름",
    )
    byline_title = forms.CharField(
        label="직함",
        max_length=20,
        required=False,
        help_text="기자, 선임기자, 편집국장 … 비워 두면 새 바이라인은 ‘기자’입니다.",
        widget=forms.TextInput(attrs={"placeholder": "기자"}),
    )

    # Set per request by StaffAdmin.get_form: the roles the person filling the form may give.
    grantable: tuple[Role, ...] = ()
    editor = None

    class Meta:
        model = Staff
        fields = ["username", "email"]
        labels = {"username": "아이디", "email": "이메일"}
        help_texts = {
            "username": "로그인할 때 쓰는 이름: 영문, 숫자와 @ . + - _ (예: lee.cy)",
            "email": "비밀번호를 정하는 링크를 이 주소로 보냅니다.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = self.instance
        if "email" in self.fields:
            self.fields["email"].required = True
        if "role" in self.fields:
            role = self.fields["role"]
            role.choices = [(r.value, r.label) for r in self.grantable]
            if self.grantable and not staff.pk:
                role.initial = self.grantable[0].value
            if staff.pk:
                current = role_of(staff)
                role.initial = current.value if current else None
                editor = self.editor
                if editor is not None and staff.pk == editor.pk and not editor.is_superuser:
                    role.disabled = True
                    role.help_text = "자기 역할은 바꿀 수 없습니다. 다른 관리자에게 부탁하세요."
            if self.grantable == (Role.REPORTER,):
                role.help_text = "데스크는 기자만 추가할 수 있습니다."
        byline = Reporter.objects.filter(user=staff).first() if staff.pk else None
        if byline is not None:
            self.fields.pop("reporter", None)
            self.initial.setdefault("byline_name", byline.name)
            self.initial.setdefault("byline_title", byline.title)

    def clean_username(self):
        username = self.cleaned_data["username"]
        others = Staff.objects.exclude(pk=self.instance.pk)
        if others.filter(username__iexact=username).exists():
            raise ValidationError("대소문자만 다른 같은 아이디가 이미 있습니다.")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        others = Staff.objects.filter(is_active=True).exclude(pk=self.instance.pk)
        if others.filter(email__iexact=email).exists():
            raise ValidationError("다른 직원이 이미 쓰는 이메일입니다.")
        return email

    def clean(self):
        cleaned = super().clean()
        has_byline = "reporter" not in self.fields or cleaned.get("reporter") is not None
        if not has_byline and not cleaned.get("byline_name"):
            self.add_error("byline_name", "바이라인 이름을 적으세요.")
        return cleaned


class RoleFilter(admin.SimpleListFilter):
    title = "역할"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() not in Role.values:
            return queryset
        ids = [staff.pk for staff in queryset if role_of(staff) == self.value()]
        return queryset.filter(pk__in=ids)


class StandingFilter(admin.SimpleListFilter):
    title = "상태"
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return Standing.choices

    def queryset(self, request, queryset):
        if self.value() not in Standing.values:
            return queryset
        ids = [staff.pk for staff in queryset if standing_of(staff) == self.value()]
        return queryset.filter(pk__in=ids)


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    form = StaffForm
    change_form_template = "admin/articles/staff/change_form.html"
    list_display = ["byline", "login_name", "role", "standing", "email_address", "last_seen"]
    list_display_links = ["byline", "login_name"]
    list_filter = [RoleFilter, StandingFilter]
    list_select_related = ["reporter"]
    search_fields = ["username", "email", "reporter__name"]
    search_help_text = "아이디, 이메일, 바이라인 이름으로 찾습니다."
    actions = ["invite_selected"]

    class Media:
        css = {"all": ["css/admin-staff.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_staff=True).prefetch_related("groups")

    # -- who may do what (articles.staff) --

    def has_add_permission(self, request):
        return super().has_add_permission(request) and bool(grantable_roles(request.user))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        """Nobody deletes staff here: removing someone keeps the account (remove_view)."""
        return False

    def has_invite_permission(self, request):
        return bool(grantable_roles(request.user))

    # -- the form --

    def get_fieldsets(self, request, obj=None):
        account = ["username", "email", "role"]
        byline = ["byline_name", "byline_title"]
        if obj is None or not Reporter.objects.filter(user=obj).exists():
            byline = ["reporter", *byline]
        if obj is not None:
            account += ["standing", "last_login", "date_joined"]
        return [
            (None, {"fields": account}),
            (
                "바이라인",
                {"fields": byline, "description": "기사에 기자 이름과 직함으로 나옵니다."},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["standing", "last_login", "date_joined"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"grantable": tuple(grantable_roles(request.user)), "editor": request.user}
        return type(form.__name__, (form,), attrs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        role = data["role"] if "role" in data else role_of(obj)
        try:
            needs_invite = staff_save(
                staff=obj,
                role=role,
                byline_name=data.get("byline_name", ""),
                byline_title=data.get("byline_title", ""),
                reporter=data.get("reporter"),
                by=request.user,
            )
        except ValidationError as error:  # raced with another save: the form had checked it
            raise PermissionDenied(" ".join(error.messages)) from error
        if needs_invite:
            transaction.on_commit(lambda: self.send_invite(request, obj))

    def send_invite(self, request, staff):
        origin = f"{request.scheme}://{request.get_host()}"
        try:
            staff_invite(staff=staff, by=request.user, origin=origin)
        except (OSError, BadHeaderError) as error:  # smtplib's errors are OSErrors
            self.message_user(
                request,
                f"{staff} 님에게 메일을 보내지 못했습니다 ({staff.email}: "
                f"{error.__class__.__name__}). 직원 목록에서 ‘선택한 직원에게 비밀번호 설정 메일 "
                "보내기’로 다시 보내세요.",
                messages.ERROR,
            )
            return False
        self.message_user(
            request,
            f"{staff} 님에게 비밀번호를 정하는 링크를 보냈습니다 ({staff.email}). "
            "링크에서 비밀번호를 정하면 로그인할 수 있습니다.",
            messages.SUCCESS,
        )
        return True

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "직원", **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {}
        if obj is not None:
            extra = {
                "title": "직원 변경" if self.has_change_permission(request, obj) else "직원 정보",
                "standing": standing_of(obj),
                "remove_url": reverse("admin:articles_staff_remove", args=[obj.pk])
                if may_remove(request.user, obj)
                else None,
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    # -- columns, and the fields a read-only page shows --

    @admin.display(description="아이디", ordering="username")
    def login_name(self, obj):
        return obj.username

    @admin.display(description="이메일", ordering="email")
    def email_address(self, obj):
        return obj.email

    @admin.display(description="마지막 로그인", ordering="last_login")
    def last_seen(self, obj):
        return minute(obj.last_login) if obj.last_login else "—"

    @admin.display(description="바이라인", ordering="reporter__name")
    def byline(self, obj):
        reporter = getattr(obj, "reporter", None)
        return f"{reporter.name} {reporter.title}" if reporter else "—"

    @admin.display(description="역할")
    def role(self, obj):
        if obj.is_superuser:
            return "최고 관리자"
        role = role_of(obj)
        return role.label if role else "—"

    @admin.display(description="상태")
    def standing(self, obj):
        standing = standing_of(obj)
        return format_html('<span class="standing standing-{}">{}</span>', standing, standing.label)

    @admin.display(description="바이라인 이름")
    def byline_name(self, obj):
        reporter = getattr(obj, "reporter", None)
        return reporter.name if reporter else "—"

    @admin.display(description="직함")
    def byline_title(self, obj):
        reporter = getattr(obj, "reporter", None)
        return reporter.title if reporter else "—"

    # -- the invite again, and removing someone --

    @admin.action(description="선택한 직원에게 비밀번호 설정 메일 보내기", permissions=["invite"])
    def invite_selected(self, request, queryset):
        refused = []
        for staff in queryset:
            if staff.email and may_invite(request.user, staff):
                self.send_invite(request, staff)
            else:
                refused.append(str(staff))
        if refused:
            self.message_user(
                request,
                f"보내지 않았습니다: {', '.join(refused)} (내보냈거나, 이메일이 없거나, "
                "보낼 수 있는 역할이 아닙니다).",
                messages.WARNING,
            )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/remove/",
                self.admin_site.admin_view(self.remove_view),
                name="articles_staff_remove",
            ),
            *super().get_urls(),
        ]

    def remove_view(self, request, object_id):
        staff = self.get_object(request, unquote(object_id))
        if staff is None:
            raise Http404("그런 직원이 없습니다.")
        if not may_remove(request.user, staff):
            raise PermissionDenied
        if request.method == "POST":
            staff_remove(staff=staff, by=request.user)
            self.log_change(request, staff, "내보냄")
            self.message_user(
                request,
                f"{staff} 님을 내보냈습니다. 로그인할 수 없고 역할도 없습니다. "
                "바이라인과 지난 기사는 그대로 남습니다.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_staff_changelist"))
        byline = getattr(staff, "reporter", None)
        return TemplateResponse(
            request,
            "admin/articles/staff/remove.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "직원 내보내기",
                "staff": staff,
                "byline": byline,
                "articles": byline.articles.count() if byline else 0,
            },
        )


admin.site.unregister(User)


@admin.register(User)
class SuperuserUserAdmin(UserAdmin):
    """Django's user admin, for superusers only (see the module's docstring)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class PasswordSetView(PasswordResetConfirmView):
    """The invite mail's link: the new person sets a password, is logged in and lands in the
    admin. Django's password-reset view and token, in the admin's look and in Korean."""

    template_name = "admin/articles/staff/password_set.html"
    title = "비밀번호 정하기"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("admin:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        title = self.title if context.get("validlink") else "쓸 수 없는 링크"
        name = display_name(self.user) if self.user is not None else ""
        return {**admin.site.each_context(self.request), **context, "title": title, "name": name}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, f"비밀번호를 정했습니다. {display_name(form.user)} 님, 환영합니다."
        )
        return response
