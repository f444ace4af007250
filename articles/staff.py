"""The newsroom's staff: the roles an account is given, who may give which, and the writes that
add, change, remove and invite staff (the 직원 screen, articles/admin/staff.py).

A role is a choice mapped to groups, which data migrations fill with permissions: 기자 writes,
데스크 edits and publishes, 관리자 is the desk and also manages staff. Who may do what is asked of
permissions, never of group names:

- articles.manage_staff (관리자) gives any role its holder holds, and changes and removes
  accounts that have no permission their own account lacks;
- articles.add_staff alone (the desk) adds reporters;
- nobody gives a role they do not hold: holding a role is having every permission of its groups.

Removing someone is not deleting them: the account can no longer log in and has no role, and its
byline (Reporter) stays on every article it signed.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Reporter, SiteSettings, Staff


class Role(models.TextChoices):
    """What an account may do in the newsroom, from least to most."""

    REPORTER = "reporter", "기자"
    DESK = "desk", "데스크"
    ADMIN = "admin", "관리자"


# The groups each role puts an account in (articles/migrations: 0002, 0013).
ROLE_GROUPS: dict[Role, tuple[str, ...]] = {
    Role.REPORTER: ("기자",),
    Role.DESK: ("데스크",),
    Role.ADMIN: ("데스크", "관리자"),
}
ADD_STAFF_PERMISSION = "articles.add_staff"
MANAGE_STAFF_PERMISSION = "articles.manage_staff"
REMOVE_STAFF_PERMISSION = "articles.delete_staff"


class Standing(models.TextChoices):
    """Where an account stands."""

    ACTIVE = "active", "재직"
    INVITED = "invited", "초대 대기"  # has not set a password yet
    REMOVED = "removed", "내보냄"


def role_of(user) -> Role | None:
    """The role an account was given: the highest whose groups it is in. Reads
    user.groups.all(), which a list prefetches."""
    names = {group.name for group in user.groups.all()}
    for role in reversed(Role):
        if set(ROLE_GROUPS[role]) <= names:
            return role
    return None


def standing_of(user) -> Standing:
    if not user.is_active:
        return Standing.REMOVED
    return Standing.ACTIVE if user.has_usable_password() else Standing.INVITED


def role_permissions() -> dict[Role, set[str]]:
    """Every permission each role's groups give, as "app_label.codename", in one query. A role
    one of whose groups is missing or empty gives none, and then nobody holds it."""
    names = {name for groups in ROLE_GROUPS.values() for name in groups}
    rows = Permission.objects.filter(group__name__in=names).values_list(
        "group__name", "content_type__app_label", "codename"
    )
    by_group = defaultdict(set)
    for group, app_label, codename in rows:
        by_group[group].add(f"{app_label}.{codename}")
    return {
        role: set().union(*(by_group[name] for name in groups))
        if all(by_group[name] for name in groups)
        else set()
        for role, groups in ROLE_GROUPS.items()
    }


def holds(user, role: Role, permissions: dict[Role, set[str]] | None = None) -> bool:
    """The account has every permission the role gives (a superuser holds every role)."""
    needed = (permissions or role_permissions())[role]
    return bool(needed) and user.is_active and user.has_perms(needed)


def grantable_roles(user) -> list[Role]:
    """The roles this account may give: with articles.manage_staff any role it holds; with only
    articles.add_staff (the desk), 기자 if it holds that."""
    if not (user.is_active and user.is_staff):
        return []
    if user.has_perm(MANAGE_STAFF_PERMISSION):
        offered = list(Role)
    elif user.has_perm(ADD_STAFF_PERMISSION):
        offered = [Role.REPORTER]
    else:
        return []
    permissions = role_permissions()
    return [role for role in offered if holds(user, role, permissions)]


def outranks(user, staff) -> bool:
    """The account has a permission the user's own account lacks (a superuser has them all).
    A removed account has none."""
    return not staff.get_all_permissions() <= user.get_all_permissions()


def may_manage(user, staff) -> bool:
    """May change this account, or give it a role: manage_staff, and no permission the
    account has that the user lacks."""
    return user.is_active and user.has_perm(MANAGE_STAFF_PERMISSION) and not outranks(user, staff)


def may_remove(user, staff) -> bool:
    return (
        staff.is_active
        and staff.pk != user.pk
        and user.has_perm(REMOVE_STAFF_PERMISSION)
        and may_manage(user, staff)
    )


def may_invite(user, staff) -> bool:
    """May send the account a link to set its password: whoever may give it its role (the desk,
    to a reporter) and is not outranked by it."""
    role = role_of(staff)
    return (
        staff.is_active
        and role in grantable_roles(user)
        and (user.has_perm(MANAGE_STAFF_PERMISSION) or user.has_perm(ADD_STAFF_PERMISSION))
        and not outranks(user, staff)
    )


@transaction.atomic
def staff_save(
    *,
    staff: Staff,
    role: Role,
    byline_name: str = "",
    byline_title: str = "",
    reporter: Reporter | None = None,
    by,
) -> bool:
    """Add the account (no pk yet) or change it: its login, e-mail, role and byline.

    A new account has no usable password: the person sets one through the invite
    (staff_invite). A removed account given a role again comes back the same way. Returns
    whether the account needs that invite. The byline is the reporter row tied to the account,
    else `reporter` (a byline without a login: its articles come along), else a new one.
    """
    role = Role(role)
    adding = staff.pk is None
    if role not in grantable_roles(by):
        raise PermissionDenied(f"{role.label} 역할을 줄 수 없습니다.")
    old = None if adding else Staff.objects.get(pk=staff.pk)
    if old is not None:
        if not may_manage(by, old):
            raise PermissionDenied("이 직원의 계정을 바꿀 수 없습니다.")
        if old.pk == by.pk and role != role_of(old) and not by.is_superuser:
            raise ValidationError("자기 역할은 바꿀 수 없습니다. 다른 관리자에게 부탁하세요.")
    needs_invite = adding or not old.is_active
    staff.is_staff = staff.is_active = True
    if needs_invite:
        staff.set_unusable_password()
    staff.full_clean()
    staff.save()
    if old is None or role != role_of(old):
        staff.groups.set(Group.objects.filter(name__in=ROLE_GROUPS[role]))
    _byline_save(
        staff,
        name=byline_name,
        title=byline_title,
        reporter=reporter,
        old_email=old.email if old else "",
    )
    return needs_invite


def _byline_save(staff: Staff, *, name: str, title: str, reporter: Reporter | None, old_email: str):
    byline = Reporter.objects.filter(user=staff).first()
    if byline is None and reporter is not None:
        byline = Reporter.objects.select_for_update().get(pk=reporter.pk)
        if byline.user_id is not None:
            raise ValidationError(f"{byline} 바이라인은 이미 다른 계정과 이어져 있습니다.")
    if byline is None:
        if not name:
            raise ValidationError("바이라인 이름을 적으세요.")
        byline = Reporter(name=name, title=title or "기자")
    byline.user = staff
    byline.name = name or byline.name
    byline.title = title or byline.title
    byline.active = True
    # The byline's e-mail (shown under articles) follows the account's unless set apart.
    if not byline.email or byline.email == old_email:
        byline.email = staff.email
    byline.full_clean()
    byline.save()


@transaction.atomic
def staff_remove(*, staff: Staff, by) -> None:
    """The account can no longer log in (any session it has ends, any invite link dies) and has
    no role; its byline stays on its articles, marked no longer active."""
    if staff.pk == by.pk:
        raise ValidationError("자기 자신은 내보낼 수 없습니다.")
    if not may_remove(by, staff):
        raise PermissionDenied("이 직원을 내보낼 수 없습니다.")
    staff.is_active = False
    staff.set_unusable_password()
    staff.save(update_fields=["is_active", "password"])
    staff.groups.clear()
    staff.user_permissions.clear()
    for byline in Reporter.objects.filter(user=staff, active=True):
        byline.active = False
        byline.save(update_fields=["active"])


def staff_invite(*, staff: Staff, by, origin: str) -> None:
    """Mail the account a link where the person sets a password and is logged in: Django's
    password-reset token, good once and for PASSWORD_RESET_TIMEOUT. `origin` is the site's
    scheme and host, as the person's browser reaches the admin (https://news.example.com)."""
    if not may_invite(by, staff):
        raise PermissionDenied("이 직원에게 메일을 보낼 수 없습니다.")
    if not staff.email:
        raise ValidationError("이메일 주소가 없습니다.")
    path = reverse(
        "staff:password-set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(staff.pk)),
            "token": default_token_generator.make_token(staff),
        },
    )
    byline = Reporter.objects.filter(user=staff).first()
    sender = Reporter.objects.filter(user=by).first()
    role = role_of(staff)
    context = {
        "paper": SiteSettings.load().name,
        "name": byline.name if byline else staff.username,
        "username": staff.username,
        "role": role.label if role else "",
        "by": sender.name if sender else by.get_username(),
        "link": f"{origin}{path}",
        "admin_url": f"{origin}{reverse('admin:index')}",
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)),
        "first": not staff.has_usable_password(),
    }
    subject = render_to_string("articles/email/staff_invite_subject.txt", context)
    body = render_to_string("articles/email/staff_invite.txt", context)
    send_mail(" ".join(subject.split()), body, None, [staff.email])
