from django.contrib.auth.management import create_permissions
from django.db import migrations

DESK = "데스크"
REPORTER = "기자"

PERMISSIONS = {
    DESK: [
        "add_station",
        "change_station",
        "view_station",
        "add_observation",
        "change_observation",
        "delete_observation",
        "view_observation",
        "view_fetchrun",
    ],
    REPORTER: ["view_station", "view_observation"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    app_config = apps.get_app_config("weather")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="weather", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="weather", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("weather", "0002_reference_stations"),
        ("articles", "0002_newsroom_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
