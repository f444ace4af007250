# Search: a plain-text copy of each article's title, subtitle and body, and on PostgreSQL a
# trigram (pg_trgm, GIN) index that makes substring matching (`icontains`) fast.

from django.db import migrations, models

from articles.teasers import html_to_text

INDEX_NAME = "article_search_trgm"


def fill_search_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    batch = []
    rows = Article.objects.only("title", "subtitle", "body").order_by("pk")
    for article in rows.iterator(chunk_size=500):
        article.search_text = "\n".join(
            [article.title, article.subtitle, html_to_text(article.body)]
        )
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["search_text"])
            batch = []
    Article.objects.bulk_update(batch, ["search_text"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite and others search with a plain scan.
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # Django's icontains on PostgreSQL is `UPPER(col::text) LIKE UPPER(%s)`: index that.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {table} "
        f"USING gin (UPPER(search_text) gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_desk_picks_related"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="제목·부제·본문의 글자만 모은 것. 저장할 때 만들어지며 검색이 이 칸을 찾습니다.",
                verbose_name="검색용 글",
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
