"""관련기사: the desk's picks in their order, then the newest articles of the same section, then
of the paper. Never the article itself, never one twice, only what readers may see.

The picks are one small query, only for an article that has any (its page's query tells). The
fill is the same for every article of a section, so its teasers are rendered once per "lists"
version and kept in each process (newsroom.pagecache.kept, never past the next scheduled
publication).
"""

from django.conf import settings
from django.template.loader import render_to_string

from newsroom.pagecache import kept

from .models import Article, RelatedArticle, union_of_ids


def teaser_html(article) -> str:
    context = {"article": article, "show_section": True, "show_photo": True, "heading": 3}
    return render_to_string("includes/card/article_teaser.html", context)


def related_box(article, count, reading=None) -> str:
    """The box's HTML. Most articles have no picks and are not among their section's newest:
    their box is the same for the whole section, rendered once with the fill."""
    fill, usual_box = _fill(article.section_id, count, reading)
    if not _may_have_picks(article) and article.pk not in [pk for pk, _ in fill[:count]]:
        return usual_box
    return _box(html for _, html in _chosen(article, count, fill))


def related_teasers(article, count, reading=None) -> list[tuple[int, str]]:
    """(id, teaser HTML) of up to `count` articles for under `article`, in order."""
    return _chosen(article, count, _fill(article.section_id, count, reading)[0])


def live_picks(article_id: int, count: int) -> list[Article]:
    """The articles the desk picked under this one that readers may see, in the desk's order,
    each with its section and reporter: one query."""
    links = (
        RelatedArticle.objects.filter(article=article_id, related__in=Article.objects.published())
        .select_related("related__section", "related__reporter")
        .defer("related__search_text")
        .order_by("position", "pk")[:count]
    )
    return [link.related for link in links]


def _chosen(article, count, fill):
    chosen = []
    if _may_have_picks(article):
        chosen = [(pick.pk, teaser_html(pick)) for pick in live_picks(article.pk, count)]
    seen = {article.pk, *(pk for pk, _ in chosen)}
    for pk, html in fill:
        if len(chosen) == count:
            break
        if pk not in seen:
            seen.add(pk)
            chosen.append((pk, html))
    return chosen


def _may_have_picks(article) -> bool:
    return getattr(article, "has_picks", True)  # the page's query tells; otherwise ask


def _box(teasers) -> str:
    return render_to_string("articles/tags/related.html", {"teasers": list(teasers)})


def _fill(section_id, count, reading):
    """Teasers of the section's count + 1 newest, then of those among the paper's count + 1
    newest that are in other sections: enough whatever the article itself and its picks take
    out. With the box of the first `count` of them."""

    def build():
        newest = Article.objects.published().for_lists()
        ids = newest.values("pk")
        ids = union_of_ids([ids.filter(section=section_id)[: count + 1], ids[: count + 1]])
        rows = list(newest.filter(pk__in=ids))
        ordered = [row for row in rows if row.section_id == section_id]
        ordered += [row for row in rows[: count + 1] if row.section_id != section_id]
        teasers = [(row.pk, teaser_html(row)) for row in ordered]
        return teasers, _box(html for _, html in teasers[:count])

    if reading is None:
        return build()
    version = reading.version_of(("lists",))
    name = f"related-fill:{section_id}:{count}"
    return kept(name, version, build, settings.PAGE_CACHE_SECONDS, until=reading.until)
