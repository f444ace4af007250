"""Article.submitted_at: when the article last went to the desk (services.article_submit sets
it), by which the desk's list puts the longest waiting first. Articles in 승인대기 now get it
from their revisions: the first one in review after the last one that was not (their last
change when they have no revision in review)."""

from django.db import migrations, models

FIELD = models.DateTimeField(
    blank=True,
    editable=False,
    help_text="기자가 마지막으로 데스크에 승인 요청한 시각",
    null=True,
    verbose_name="승인 요청",
)


def submitted_from_revisions(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    waiting = list(Article.objects.filter(status="review").only("pk", "updated_at"))
    for article in waiting:
        revisions = HistoricalArticle.objects.filter(id=article.pk).order_by("history_date")
        submitted = None
        for status, moment in revisions.values_list("status", "history_date"):
            if status != "review":
                submitted = None
            elif submitted is None:
                submitted = moment
        article.submitted_at = submitted or article.updated_at
    # Not save(): it would stamp updated_at (auto_now) and write a revision.
    Article.objects.bulk_update(waiting, ["submitted_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_staff"),
    ]

    operations = [
        migrations.AddField(model_name="article", name="submitted_at", field=FIELD),
        migrations.AddField(model_name="historicalarticle", name="submitted_at", field=FIELD),
        migrations.RunPython(submitted_from_revisions, migrations.RunPython.noop),
    ]
