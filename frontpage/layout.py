"""What readers see of a front-page layout at a moment: each slot's article.

A pinned slot shows its article from the minute it is live (Article.objects.published(at)), and
fills itself before that, or once the article is taken down. A slot that fills itself takes the
newest live article of its section (of the paper when it has none) not shown yet: pins are
placed first, then the others in the page's order (톱, 서브톱, 포토뉴스, 섹션 상자), so no article
appears twice, pinned or not. 포토뉴스 takes articles with a photo only; 톱 and a box's lead take
one with a photo when one of the newest has it. A slot holding a correction (정정·반론보도) shows
the notice in that place, as the press law asks, while the article it corrects is live; before
and after, the slot fills itself.

Reading costs two queries whatever the number of articles and pins: the live edition's slots
(live_slots) and one UNION of index walks (front_page): the live pins, and for each source
(section, photo or not) its newest articles, as many as the layout shows in all, which is enough
however many of them other slots take first.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Subquery
from django.utils import timezone

from articles.models import Article, Correction, Section, union_of_ids

from .models import Edition, Slot

AREAS = list(Slot.Area)  # the page's order
DEFAULT_SUBS = 4
DEFAULT_PHOTOS = 5
DEFAULT_BOX_SIZE = 3
LIMITS = {  # area: (fewest, most) slots in a layout
    Slot.Area.TOP: (1, 1),
    Slot.Area.SUB: (2, 4),
    Slot.Area.PHOTO: (0, 6),
    Slot.Area.BOX: (0, 16),
}


def default_slots(sections: list[Section]) -> list[Slot]:
    """The layout of a paper whose desk has published none: everything fills itself, a box for
    each section in menu order. seed_demo publishes it as the first edition."""
    slots = [Slot(area=Slot.Area.TOP)]
    slots += [Slot(area=Slot.Area.SUB, position=n) for n in range(DEFAULT_SUBS)]
    slots += [Slot(area=Slot.Area.PHOTO, position=n) for n in range(DEFAULT_PHOTOS)]
    slots += [
        Slot(area=Slot.Area.BOX, position=n, section=section, size=DEFAULT_BOX_SIZE)
        for n, section in enumerate(sections)
    ]
    return slots


def live_slots(at=None) -> list[Slot]:
    """The slots of the edition readers see at `at` (now), in one query; [] when there is none."""
    live = Subquery(Edition.objects.live(at).values("pk"))
    return list(Slot.objects.filter(edition=live).select_related("section", "correction"))


def layout_problems(slots: list[Slot]) -> list[str]:
    """What makes a layout one the desk cannot publish, in the desk's words."""
    problems = []
    counts = defaultdict(int)
    for slot in slots:
        counts[slot.area] += 1
    for area, (fewest, most) in LIMITS.items():
        label = Slot.Area(area).label
        if not fewest <= counts[area] <= most:
            wanted = f"{fewest}개" if fewest == most else f"{fewest}~{most}개"
            problems.append(f"{label} 자리는 {wanted}여야 합니다 (지금 {counts[area]}개).")
    seen = set()
    for slot in slots:
        if slot.area == Slot.Area.BOX and slot.section_id is None:
            problems.append("섹션 상자에는 섹션을 고르세요.")
        if slot.correction_id and slot.article_id:
            problems.append("한 자리에는 고정 기사와 정정·반론보도 중 하나만 고르세요.")
        if slot.correction_id and slot.area == Slot.Area.PHOTO:
            problems.append("포토뉴스 자리에는 정정·반론보도를 실을 수 없습니다.")
        if slot.article_id is None:
            continue
        if slot.article_id in seen:
            problems.append(f"‘{slot.article}’ 기사를 두 자리에 고정했습니다. 한 자리만 고르세요.")
        seen.add(slot.article_id)
        if slot.area == Slot.Area.PHOTO and not slot.article.photo:
            problems.append(
                f"포토뉴스에는 사진이 있는 기사만 고정할 수 있습니다: ‘{slot.article}’."
            )
    return list(dict.fromkeys(problems))


@dataclass
class Notice:
    """A correction in the place of a story: shown with the article it corrects."""

    correction: Correction
    article: Article
    is_notice = True


@dataclass
class Box:
    section: Section
    lead: Article | Notice | None
    headlines: list[Article]


@dataclass
class FrontPage:
    top: Article | Notice | None = None
    subs: list[Article | Notice] = field(default_factory=list)
    photos: list[Article] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        """Every article of the main column, in the page's order."""
        shown = [self.top, *self.subs, *self.photos]
        for box in self.boxes:
            shown += [box.lead, *box.headlines]
        return [article for article in shown if isinstance(article, Article)]


def _draws(slot: Slot) -> int:
    return slot.size + 1 if slot.area == Slot.Area.BOX else 1


def _source(slot: Slot) -> tuple[int | None, bool]:
    return slot.section_id, slot.area == Slot.Area.PHOTO


def front_page(slots: list[Slot], at=None) -> FrontPage:
    """The articles readers see in these slots at `at` (now): one query."""
    at = at or timezone.now()
    slots = sorted(slots, key=lambda s: (AREAS.index(s.area), s.position, s.pk or 0))
    slots = [s for s in slots if s.area != Slot.Area.BOX or (s.section and s.section.active)]
    shown = sum(_draws(slot) for slot in slots)
    pins = {slot.article_id for slot in slots if slot.article_id}
    pins |= {slot.correction.article_id for slot in slots if slot.correction_id}
    newest = Article.objects.published(at).order_by("-publish_at", "-pk").values("pk")
    parts = [Article.objects.published(at).filter(pk__in=pins).values("pk")] if pins else []
    for section_id, photo_only in dict.fromkeys(map(_source, slots)):
        part = newest if section_id is None else newest.filter(section_id=section_id)
        parts.append((part.exclude(photo="") if photo_only else part)[:shown])
    if not parts:
        return FrontPage()
    rows = list(Article.objects.filter(pk__in=union_of_ids(parts)).for_lists().defer("search_text"))
    return _fill(slots, rows)


def _fill(slots: list[Slot], rows: list[Article]) -> FrontPage:
    by_pk = {article.pk: article for article in rows}
    used = set()
    placed = {}  # slot index: its pinned article, live and fit for the slot, or its notice
    for index, slot in enumerate(slots):
        if slot.correction_id and slot.correction.article_id in by_pk:
            placed[index] = Notice(slot.correction, by_pk[slot.correction.article_id])
            used.add(slot.correction.article_id)
            continue
        article = by_pk.get(slot.article_id)
        fits = article is not None and (slot.area != Slot.Area.PHOTO or article.photo)
        if fits and article.pk not in used:
            placed[index] = article
            used.add(article.pk)

    def take(slot, count, prefer_photo=False):
        section_id, photo_only = _source(slot)
        free = [
            article
            for article in rows
            if article.pk not in used
            and (section_id is None or article.section_id == section_id)
            and (article.photo or not photo_only)
        ]
        if prefer_photo:
            with_photo = [article for article in free if article.photo]
            free = with_photo[:1] + [article for article in free if article not in with_photo[:1]]
        chosen = free[:count]
        used.update(article.pk for article in chosen)
        return chosen

    page = FrontPage()
    for index, slot in enumerate(slots):
        pinned = placed.get(index)
        if slot.area == Slot.Area.BOX:
            lead = [pinned] if pinned else take(slot, 1, prefer_photo=True)
            box = Box(slot.section, lead[0] if lead else None, take(slot, slot.size))
            if box.lead:
                page.boxes.append(box)
            continue
        article = pinned or next(iter(take(slot, 1, slot.area == Slot.Area.TOP)), None)
        if article is None:
            continue
        if slot.area == Slot.Area.TOP:
            page.top = article
        elif slot.area == Slot.Area.SUB:
            page.subs.append(article)
        else:
            page.photos.append(article)
    return page
