"""The 직원 screen: Staff, a proxy of auth.User with permissions of its own, and the role 관리자.

관리자 adds, changes and removes staff of any role it holds (articles.manage_staff); an account
given the role 관리자 is in the groups 데스크 and 관리자 (articles.staff.ROLE_GROUPS). The desk may
add reporters (add_staff) and see the staff list. The desk no longer views auth users: it did so
for the account picker of the reporter form, and accounts are now tied to bylines on the 직원
screen, while Django's own user admin is for superusers only.
"""

import django.contrib.auth.models
from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN = "관리자"
DESK = "데스크"

GRANTED = {
    ADMIN: ["add_staff", "change_staff", "delete_staff", "view_staff", "manage_staff"],
    DESK: ["add_staff", "view_staff"],
}
REVOKED = {DESK: [("auth", "view_user")]}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTED.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles",
                content_type__model="staff",
                codename__in=codenames,
            )
        )
    for name, perms in REVOKED.items():
        for group in Group.objects.filter(name=name):
            for app_label, codename in perms:
                group.permissions.remove(
                    *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name=ADMIN).delete()
    for group in Group.objects.filter(name=DESK):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles",
                content_type__model="staff",
                codename__in=GRANTED[DESK],
            )
        )
        for app_label, codename in REVOKED[DESK]:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_body_sanitized_field"),
        ("articles", "0007_desk_links_reporter_accounts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Staff",
            fields=[],
            options={
                "verbose_name": "직원",
                "verbose_name_plural": "직원",
                "ordering": ["-is_active", "username"],
                "permissions": [
                    ("manage_staff", "직원을 자신이 가진 어느 역할로든 추가·변경하고 내보냄")
                ],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("auth.user",),
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.RunPython(grant, revoke),
    ]
