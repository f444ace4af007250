import datetime

from django.db import migrations, models

import tips.models


def fill_delete_by(apps, schema_editor):
    """Tips sent before this field: the site's period from when they came in."""
    SiteSettings = apps.get_model("articles", "SiteSettings")
    Tip = apps.get_model("tips", "Tip")
    site = SiteSettings.objects.filter(pk=1).first()
    days = site.tip_retention_days if site else 180
    for tip in Tip.objects.filter(delete_by=None).only("received_at"):
        tip.delete_by = tip.received_at + datetime.timedelta(days=days)
        tip.save(update_fields=["delete_by"])


class Migration(migrations.Migration):
    dependencies = [
        ("tips", "0002_desk_reads_tips"),
        ("articles", "0021_site_settings_by_law"),
    ]

    operations = [
        migrations.AddField(
            model_name="tip",
            name="delete_by",
            field=models.DateTimeField(null=True, verbose_name="보관 기한"),
        ),
        migrations.RunPython(fill_delete_by, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tip",
            name="delete_by",
            field=models.DateTimeField(
                default=tips.models.end_of_retention,
                help_text="제보자가 동의한 보관 기간이 끝나는 때. 사이트의 보관 기간이 그보다 짧아지면 그때 지웁니다.",
                verbose_name="보관 기한",
            ),
        ),
    ]
