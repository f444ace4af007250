"""The desk's moves on front-page editions: publish (now or for a minute), take a schedule back,
copy (to edit a published edition or restore an earlier one). Permission, then the move."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Section

from .layout import default_slots, layout_problems
from .models import Edition, Slot

PERMISSION = "frontpage.change_edition"


def _check(by) -> None:
    if by is not None and not by.has_perm(PERMISSION):
        raise PermissionDenied("1면을 편집할 권한이 없습니다.")


def on_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def publish_problem(*, edition: Edition, at: datetime | None) -> str | None:
    """Why this edition cannot go out at `at` (now when None), or None."""
    if edition.status != Edition.Status.DRAFT:
        return "이미 게재했거나 예약한 판입니다. 고치려면 복사해 새 판을 만드세요."
    if at is not None and on_the_minute(at) <= timezone.now():
        return "예약 시각이 지났습니다. 앞으로의 시각을 고르거나 ‘지금 게재’를 누르세요."
    return None


@transaction.atomic
def edition_publish(*, edition: Edition, at: datetime | None = None, by) -> Edition:
    """Out to readers now, or on the minute `at`: from then on it is the live edition."""
    _check(by)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    problem = publish_problem(edition=edition, at=at)
    problems = [problem] if problem else []
    problems += layout_problems(list(edition.slots.select_related("article")))
    if problems:
        raise ValidationError(problems)
    edition.status = Edition.Status.PUBLISHED
    edition.publish_at = on_the_minute(at) if at else timezone.now()
    edition.updated_by = by
    edition.revision += 1
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_unschedule(*, edition: Edition, by) -> Edition:
    """A scheduled edition back to a draft, its minute kept as the plan."""
    _check(by)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.is_scheduled:
        raise ValidationError("예약된 판만 예약을 취소할 수 있습니다.")
    edition.status = Edition.Status.DRAFT
    edition.updated_by = by
    edition.revision += 1
    edition.save()
    return edition


@transaction.atomic
def edition_copy(*, edition: Edition | None, by, title: str = "") -> Edition:
    """A new draft with the slots of `edition` (the default layout when None): how a published
    edition is changed, and an earlier one restored."""
    _check(by)
    if edition is None:
        slots = default_slots(list(Section.objects.filter(active=True)))
    else:
        slots = list(edition.slots.all())
        title = title or edition.title
    copy = Edition.objects.create(title=title, updated_by=by)
    Slot.objects.bulk_create(
        Slot(
            edition=copy,
            area=slot.area,
            position=slot.position,
            section_id=slot.section_id,
            article_id=slot.article_id,
            correction_id=slot.correction_id,
            size=slot.size,
        )
        for slot in slots
    )
    return copy


def edition_seed_default(*, title: str = "기본 1면") -> Edition | None:
    """The default layout, published, for a paper that has no edition yet (seed_demo)."""
    if Edition.objects.exists():
        return None
    draft = edition_copy(edition=None, by=None, title=title)
    return edition_publish(edition=draft, by=None)
