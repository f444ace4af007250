"""The front page as the desk lays it out: editions (판) of slots.

An edition is a draft until the desk publishes it, now or for a minute; the live edition is the
newest whose minute has come (Edition.objects.live()), so a scheduled edition goes live on its
minute with no job, as articles do. A published edition is never changed again: the desk edits a
copy (services.edition_copy), which is also how an earlier edition is restored.

A slot is pinned to an article or fills itself with the newest live articles of its section (or
of the paper); what readers see of a layout is worked out in frontpage.layout.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction, Section


class EditionQuerySet(models.QuerySet):
    def published(self, at=None):
        """Editions readers have seen or see: published, their minute come (by `at`)."""
        return self.filter(status=Edition.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def live(self, at=None):
        """The edition readers see at `at` (now): the newest published one, as a queryset of at
        most one row, so that it can be a subquery."""
        return self.published(at).order_by("-publish_at", "-pk")[:1]

    def scheduled(self):
        return self.filter(status=Edition.Status.PUBLISHED, publish_at__gt=timezone.now())


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "작성중"
        PUBLISHED = "published", "게재"

    title = models.CharField(
        "이름", max_length=100, blank=True, help_text="데스크끼리 알아볼 이름 (예: 오후판)."
    )
    status = models.CharField(
        "상태", max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(
        "게재 시각",
        null=True,
        blank=True,
        help_text="분 단위. 미리보기는 이 시각의 화면을 보여 주고, ‘예약 게재’는 이 시각에 "
        "독자에게 나갑니다. 비워 두면 지금입니다.",
    )
    # One more on every save: the version an editor opened travels with the form, and a save
    # over a newer one is refused (frontpage.admin.EditionForm).
    revision = models.PositiveIntegerField("저장 횟수", default=0, editable=False)
    created_at = models.DateTimeField("만든 시각", auto_now_add=True)
    updated_at = models.DateTimeField("저장한 시각", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="마지막으로 저장한 사람",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = [models.F("publish_at").desc(nulls_first=True), "-pk"]
        verbose_name = "1면 편집판"
        verbose_name_plural = "1면 편집"
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="edition_status_publish"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="edition_published_has_publish_at",
            ),
        ]

    def __str__(self):
        name = self.title or "1면"
        if self.publish_at and self.status == self.Status.PUBLISHED:
            return f"{name} ({timezone.localtime(self.publish_at):%Y.%m.%d %H:%M})"
        return f"{name} (작성중)"

    def get_absolute_url(self):
        return reverse("admin:frontpage_edition_preview", args=[self.pk])

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def state_label(self):
        """작성중, 예약, or once out 게재중 (the live one) or 지난 판: said by the admin, which
        knows which is live."""
        if self.status == self.Status.DRAFT:
            return "작성중"
        return "예약" if self.is_scheduled else "게재"


class Slot(models.Model):
    """One place on the front page: pinned to `article`, or filled with the newest live
    articles of `section` (of the paper when empty); or holding a `correction` notice in the
    place where the story it corrects ran."""

    class Area(models.TextChoices):  # in the page's order
        TOP = "top", "톱"
        SUB = "sub", "서브톱"
        PHOTO = "photo", "포토뉴스"
        BOX = "box", "섹션 상자"

    edition = models.ForeignKey(
        Edition, verbose_name="편집판", on_delete=models.CASCADE, related_name="slots"
    )
    area = models.CharField("자리", max_length=10, choices=Area.choices)
    position = models.PositiveSmallIntegerField(
        "순서", default=0, help_text="같은 자리 안에서 작을수록 앞에 나옵니다."
    )
    section = models.ForeignKey(
        Section,
        verbose_name="섹션",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="자동으로 채울 때 이 섹션의 최신 기사를 씁니다. 비우면 전체 최신 기사.",
    )
    article = models.ForeignKey(
        Article,
        verbose_name="고정 기사",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="비우면 자동으로 채웁니다. 아직 게재 전인 기사는 게재 시각부터 보입니다.",
    )
    correction = models.ForeignKey(
        Correction,
        verbose_name="정정·반론보도",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="정정 대상 기사가 실렸던 자리에 기사 대신 싣습니다 (언론중재법: 같은 자리, "
        "같은 크기). 대상 기사가 게재 중일 때만 보입니다.",
    )
    size = models.PositiveSmallIntegerField(
        "제목 수",
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(4)],
        help_text="섹션 상자에서 사진 기사 아래 보일 제목 수 (2~4).",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "1면 자리"
        verbose_name_plural = "1면 자리"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__gte=2, size__lte=4), name="slot_size_2_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.get_area_display()} {self.position}"
