"""The 편집 screen is the desk's: 데스크 and 관리자 (who is in 데스크 too) may make, change and
publish front-page editions and their slots; reporters may not."""

from django.db import migrations

from newsroom.grants import permissions_operation

GROUPS = ["데스크", "관리자"]
PERMISSIONS = ["add_edition", "change_edition", "view_edition", "delete_edition",
               "add_slot", "change_slot", "view_slot", "delete_slot"]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("frontpage", "0001_edition"),
        ("articles", "0013_staff"),  # the group 관리자
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [permissions_operation("frontpage", PERMISSIONS, GROUPS)]
