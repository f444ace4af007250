"""속보 is the desk's: 데스크 and 관리자 (who is in 데스크 too) may raise, change and lower the
banner; reporters may not."""

from django.db import migrations

from newsroom.grants import permissions_operation

GROUPS = ["데스크", "관리자"]
PERMISSIONS = ["add_breaking", "change_breaking", "view_breaking", "delete_breaking"]


class Migration(migrations.Migration):
    dependencies = [
        ("breaking", "0001_initial"),
        ("articles", "0013_staff"),  # the group 관리자
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [permissions_operation("breaking", PERMISSIONS, GROUPS)]
