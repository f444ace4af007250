"""The desk manages reporters, which includes tying a byline to its login account: the
account picker (autocomplete) in the reporter form needs permission to view accounts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("auth")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    desk = Group.objects.get(name="데스크")
    desk.permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="view_user")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    desk = Group.objects.get(name="데스크")
    desk.permissions.remove(
        *Permission.objects.filter(content_type__app_label="auth", codename="view_user")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
