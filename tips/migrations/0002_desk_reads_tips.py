"""기사제보 is the desk's: 데스크 and 관리자 may read tips, download their files, set the status
and note, and delete them; reporters may not. Nobody adds a tip in the admin (readers send them)."""

from django.db import migrations

from newsroom.grants import DEPENDENCIES, permissions_operation


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial"), *DEPENDENCIES]

    operations = [
        permissions_operation(
            "tips",
            ["view_tip", "change_tip", "delete_tip", "view_attachment"],
            ["데스크", "관리자"],
        )
    ]
