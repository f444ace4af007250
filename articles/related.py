"""관련기사: the desk's picks in their order, then the newest articles of the same section, then
of the paper. Never the article itself, never one twice, only what readers may see.

The picks are one small query per article. The fill is the same for every article of a section,
so its teasers are rendered once per content version and kept in each process, never past the
next scheduled publication (which would change it).
"""

from django.template.loader import render_to_string

from .models import Article, RelatedArticle, live, union_of_ids
from .pagecache import kept, page_lifetime


def teaser_html(article) -> str:
    context = {"article": article, "show_section": True, "show_photo": True}
    return render_to_string("includes/card/article_teaser.html", context)


def related_teasers(article, count, version=None) -> list[tuple[int, str]]:
    """(id, teaser HTML) of up to `count` articles for under `article`, in order."""
    chosen = []
    if getattr(article, "has_picks", True):  # for_page() tells; otherwise ask
        links = (
            RelatedArticle.objects.filter(live("related__"), article=article)
            .select_related("related__section", "related__reporter")
            .order_by("position", "pk")[:count]
        )
        chosen = [(link.related_id, teaser_html(link.related)) for link in links]
    seen = {article.pk, *(pk for pk, _ in chosen)}
    for pk, html in _fill(article.section_id, count, version):
        if len(chosen) == count:
            break
        if pk not in seen:
            seen.add(pk)
            chosen.append((pk, html))
    return chosen


def _fill(section_id, count, version):
    """Teasers of the section's count + 1 newest, then of those among the paper's count + 1
    newest that are in other sections: enough whatever the article itself and its picks take
    out."""

    def build():
        newest = Article.objects.published().for_lists()
        ids = newest.values("pk")
        ids = union_of_ids([ids.filter(section=section_id)[: count + 1], ids[: count + 1]])
        rows = list(newest.filter(pk__in=ids))
        ordered = [row for row in rows if row.section_id == section_id]
        ordered += [row for row in rows[: count + 1] if row.section_id != section_id]
        return [(row.pk, teaser_html(row)) for row in ordered]

    lifetime = page_lifetime(version) if version else 0
    return kept(f"related-fill:{section_id}:{count}", version, build, lifetime)
