"""The article page's two queries, written out: the article with its section and reporter and
whether the desk picked related articles for it, and those picks.

An article page is the one reader page the page cache cannot help the first time it is asked
for. Building these queries cost the ORM 0.6 and 0.9 ms of CPU per request, several times what
running them costs (docs/performance.md), so each is written once per process from the models'
metadata. tests/articles/test_page.py holds them to what the ORM would load.
"""

from functools import cache

from django.db import connection
from django.utils import timezone

from newsroom.db import prepared_cursor

from .models import Article, RelatedArticle, Reporter, Section

# What the page shows of an article: all but the desk's note, the search text, the bookkeeping.
LEFT_OUT = {"desk_note", "search_text", "created_at", "updated_at", "created_by"}


def live_article(pk: int) -> Article | None:
    """The article at /articles/pk/ if readers may see it, with its section and reporter, and
    `has_picks`."""
    rows = _rows(_article_sql(), [pk, *_live_params()])
    if not rows:
        return None
    article = _article(rows[0], _pieces()[1])
    article.has_picks = bool(rows[0][-1])
    return article


def live_picks(article_id: int, count: int) -> list[Article]:
    """The articles the desk picked as related to this one, in the desk's order, that readers
    may see; each with its section and reporter."""
    rows = _rows(_picks_sql(), [article_id, *_live_params(), count])
    return [_article(row, _pieces()[1]) for row in rows]


@cache
def _article_sql() -> str:
    columns, _, joins, live = _pieces()
    picks = _table(RelatedArticle)
    return (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {picks} "
        f"WHERE {_column(RelatedArticle, 'article')} = {_column(Article, 'id')}) "
        f"FROM {_table(Article)} {joins} WHERE {_column(Article, 'id')} = %s AND {live}"
    )


@cache
def _picks_sql() -> str:
    columns, _, joins, live = _pieces()
    related = _column(RelatedArticle, "related")
    return (
        f"SELECT {columns} FROM {_table(RelatedArticle)} "
        f"JOIN {_table(Article)} ON {_column(Article, 'id')} = {related} "
        f"{joins} WHERE {_column(RelatedArticle, 'article')} = %s AND {live} "
        f"ORDER BY {_column(RelatedArticle, 'position')}, {_column(RelatedArticle, 'id')} "
        f"LIMIT %s"
    )


def _rows(sql, params):
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _live_params():
    return [Article.Status.PUBLISHED, connection.ops.adapt_datetimefield_value(timezone.now())]


def _article(row, parts):
    """The article of a row, its section and reporter set, values converted as the ORM would."""
    instances, start = [], 0
    for model, fields in parts:
        values = []
        for offset, (_, column, converters) in enumerate(fields):
            value = row[start + offset]
            for convert in converters:
                value = convert(value, column, connection)
            values.append(value)
        names = [field.attname for field, _, _ in fields]
        instances.append(model.from_db(connection.alias, names, values))
        start += len(fields)
    article, article.section, article.reporter = instances
    return article


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name) -> str:
    return f"{_table(model)}.{connection.ops.quote_name(model._meta.get_field(name).column)}"


@cache
def _pieces():
    """What both queries share: the columns of an article, its section and its reporter; for
    each model the fields read, with the backend's converters; the joins; the condition of
    Article.objects.published()."""
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
            columns.append(_column(model, field.name))
        parts.append((model, described))
    joins = (
        f"JOIN {_table(Section)} ON {_column(Section, 'id')} = {_column(Article, 'section')} "
        f"JOIN {_table(Reporter)} ON {_column(Reporter, 'id')} = {_column(Article, 'reporter')}"
    )
    live = f"{_column(Article, 'status')} = %s AND {_column(Article, 'publish_at')} <= %s"
    return ", ".join(columns), parts, joins, live
