"""광고 is the desk's: 데스크 and 관리자 manage banners and change positions; reporters may not."""

from django.db import migrations

from newsroom.grants import DEPENDENCIES, permissions_operation

PERMISSIONS = [
    "add_banner",
    "change_banner",
    "view_banner",
    "delete_banner",
    "change_position",
    "view_position",
    "view_dailystat",
]


class Migration(migrations.Migration):
    dependencies = [("ads", "0002_positions"), *DEPENDENCIES]

    operations = [permissions_operation("ads", PERMISSIONS, ["데스크", "관리자"])]
