"""정정·반론보도 are the desk's: 데스크 and 관리자 may attach, change and remove them; reporters
may not."""

from django.db import migrations

from newsroom.grants import permissions_operation

GROUPS = ["데스크", "관리자"]
PERMISSIONS = ["add_correction", "change_correction", "view_correction", "delete_correction"]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_correction"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [permissions_operation("articles", PERMISSIONS, GROUPS)]
