"""Migrations that give a role (a group) permissions on an app's models.

Used by data migrations, so what it does is frozen: a later change of behaviour is a new
function here, never an edit of this one. Group names are the roles' (articles 0002, 0013).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def permissions_operation(app_label: str, codenames: list[str], groups: list[str]):
    """A RunPython that gives `groups` the `codenames` of `app_label`, and takes them back."""

    def permissions(apps):
        # Permissions are normally created after all migrations; make sure ours exist now.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    def grant(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        found = list(permissions(apps))
        for name in groups:
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(*found)

    def revoke(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        found = list(permissions(apps))
        for group in Group.objects.filter(name__in=groups):
            group.permissions.remove(*found)

    return migrations.RunPython(grant, revoke)


# What a grant migration depends on besides its own app's models: the roles and the auth tables.
DEPENDENCIES = [
    ("articles", "0013_staff"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("contenttypes", "0002_remove_content_type_name"),
]
