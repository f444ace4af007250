from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = "기자"
DESK = "데스크"

PERMISSIONS = {
    REPORTER: [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "view_article"),
        ("articles", "view_section"),
        ("articles", "view_reporter"),
    ],
    DESK: [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "delete_article"),
        ("articles", "view_article"),
        ("articles", "publish_article"),
        ("articles", "add_section"),
        ("articles", "change_section"),
        ("articles", "view_section"),
        ("articles", "add_reporter"),
        ("articles", "change_reporter"),
        ("articles", "view_reporter"),
        ("articles", "change_sitesettings"),
        ("articles", "view_sitesettings"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        ]
        group.permissions.set(perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
