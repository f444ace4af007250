"""The paper's pages are the desk's: 데스크 and 관리자 may add, change and remove them (the two
the law requires are never removed); reporters may not."""

from django.db import migrations

from newsroom.grants import DEPENDENCIES, permissions_operation

MODELS = ["page", "policyversion"]
PERMISSIONS = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view", "delete")]


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial"), *DEPENDENCIES]

    operations = [permissions_operation("pages", PERMISSIONS, ["데스크", "관리자"])]
