"""The body cleans itself on every write (articles.fields.SanitizedHTMLField): no change to the
table. Bodies written before by a path that skipped save() (bulk_create(), QuerySet.update())
may still hold markup the allow-list removes: those are cleaned here, and their search text
derived again."""

from django.db import migrations

import articles.fields
from articles.sanitize import clean_html
from articles.teasers import html_to_text


def clean_stored_bodies(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    stale = []
    rows = Article.objects.only("pk", "title", "subtitle", "body").order_by("pk")
    for article in rows.iterator(chunk_size=2000):
        body = clean_html(article.body)
        if body != article.body:
            article.body = body
            # Article.derive_search_text(), as it is today: models in migrations have no methods.
            article.search_text = "\n".join([article.title, article.subtitle, html_to_text(body)])
            stale.append(article)
    Article.objects.bulk_update(stale, ["body", "search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_photo_upload_to"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="body",
            field=articles.fields.SanitizedHTMLField(
                help_text="저장할 때 허용된 태그만 남기고 정리됩니다.", verbose_name="본문"
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="body",
            field=articles.fields.SanitizedHTMLField(
                help_text="저장할 때 허용된 태그만 남기고 정리됩니다.", verbose_name="본문"
            ),
        ),
        migrations.RunPython(clean_stored_bodies, migrations.RunPython.noop, elidable=True),
    ]
