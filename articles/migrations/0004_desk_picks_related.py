from django.contrib.auth.management import create_permissions
from django.db import migrations

DESK_PERMISSIONS = ["add_relatedarticle", "change_relatedarticle", "delete_relatedarticle",
                    "view_relatedarticle", "view_dailyviews"]  # fmt: skip


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    desk = Group.objects.get(name="데스크")
    desk.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=DESK_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    desk = Group.objects.get(name="데스크")
    desk.permissions.remove(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=DESK_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_related_and_views")]

    operations = [migrations.RunPython(grant, revoke)]
