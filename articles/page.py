"""The article page's query: the article, its section and reporter, and whether the desk picked
related articles for it, in one row.

An article page is the one reader page the page cache cannot help the first time it is asked
for, so its query is written out once per process instead of built by the ORM per request:
building it cost 0.6 ms of CPU, four times what running it costs (docs/performance.md).
"""

from functools import cache

from django.db import connection
from django.utils import timezone

from .models import Article, RelatedArticle, Reporter, Section

# What the page shows of the article: all but the desk's note, the search text, the bookkeeping.
LEFT_OUT = {"desk_note", "search_text", "created_at", "updated_at", "created_by"}


def live_article(pk: int) -> Article | None:
    """The article at /articles/pk/ if readers may see it, with its section and reporter, and
    `has_picks`."""
    sql, parts = _query()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, Article.Status.PUBLISHED, now])
        row = cursor.fetchone()
    if row is None:
        return None
    article, section, reporter = _instances(row, parts)
    article.section, article.reporter = section, reporter
    article.has_picks = bool(row[-1])
    return article


def _instances(row, parts):
    """One model instance for each part of the row, its values converted as the ORM would."""
    start = 0
    for model, fields in parts:
        values = []
        for offset, (_, column, converters) in enumerate(fields):
            value = row[start + offset]
            for convert in converters:
                value = convert(value, column, connection)
            values.append(value)
        yield model.from_db(connection.alias, [field.attname for field, _, _ in fields], values)
        start += len(fields)


@cache
def _query():
    """The SQL, and for each model the fields it reads in order, each with its column and the
    backend's converters for it."""
    quote = connection.ops.quote_name
    wanted = [
        (Article, [f for f in Article._meta.concrete_fields if f.name not in LEFT_OUT]),
        (Section, Section._meta.concrete_fields),
        (Reporter, Reporter._meta.concrete_fields),
    ]
    parts, columns = [], []
    for model, fields in wanted:
        described = []
        for field in fields:
            column = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(column)
            described.append((field, column, converters + field.get_db_converters(connection)))
            columns.append(f"{quote(model._meta.db_table)}.{quote(field.column)}")
        parts.append((model, described))

    def column(model, name):
        return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"

    article, section, reporter = (quote(m._meta.db_table) for m in (Article, Section, Reporter))
    picks = quote(RelatedArticle._meta.db_table)
    sql = (
        f"SELECT {', '.join(columns)}, EXISTS (SELECT 1 FROM {picks} "
        f"WHERE {column(RelatedArticle, 'article')} = {column(Article, 'id')}) "
        f"FROM {article} "
        f"JOIN {section} ON {column(Section, 'id')} = {column(Article, 'section')} "
        f"JOIN {reporter} ON {column(Reporter, 'id')} = {column(Article, 'reporter')} "
        # The condition of Article.objects.published() (tests/articles/test_page.py).
        f"WHERE {column(Article, 'id')} = %s AND {column(Article, 'status')} = %s "
        f"AND {column(Article, 'publish_at')} <= %s"
    )
    return sql, parts
