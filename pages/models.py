"""The paper's own pages (신문사소개, 개인정보처리방침, 청소년보호정책 …), linked from every footer.

Two kinds are required by law: the privacy policy (개인정보 보호법 제30조) and the youth protection
policy (청소년 보호법). There is at most one page of each, it cannot be hidden or deleted, and its
kind never changes once made. The privacy policy's text lives in its versions (PolicyVersion),
each with its 시행일: readers see the version in force today and the earlier ones, never one
whose day has not come. What readers see of pages is pages.cache.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone

from articles.fields import SanitizedHTMLField

from .addresses import served_elsewhere


class PageQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(shown=True)

    def delete(self):
        required = self.filter(kind__in=Page.REQUIRED)
        if required.exists():
            raise ProtectedError("법이 요구하는 쪽은 지울 수 없습니다.", set(required))
        return super().delete()


class Page(models.Model):
    class Kind(models.TextChoices):
        PRIVACY = "privacy", "개인정보처리방침"
        YOUTH = "youth", "청소년보호정책"
        OTHER = "other", "일반"

    REQUIRED = (Kind.PRIVACY, Kind.YOUTH)

    title = models.CharField(
        "제목", max_length=50, help_text="쪽의 제목이자 바닥글에 나오는 링크 글자입니다."
    )
    address = models.SlugField(
        "주소",
        max_length=50,
        unique=True,
        allow_unicode=True,
        help_text="독자가 여는 주소 /주소/ 입니다. 한글도 되며 띄어쓰기 대신 - 를 씁니다. "
        "전체기사·섹션·기사제보처럼 사이트의 다른 화면이 쓰는 주소는 쓸 수 없습니다.",
    )
    kind = models.CharField(
        "종류",
        max_length=10,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="개인정보처리방침과 청소년보호정책은 법이 요구하는 쪽이라 하나씩만 두고, "
        "숨기거나 지울 수 없습니다. 만든 뒤에는 바꿀 수 없습니다.",
    )
    body = SanitizedHTMLField(
        "본문",
        blank=True,
        help_text="개인정보처리방침은 이 칸 대신 아래 시행일별 본문에 씁니다.",
    )
    position = models.PositiveSmallIntegerField(
        "순서", default=0, help_text="바닥글에서 작은 수가 앞에 옵니다."
    )
    shown = models.BooleanField(
        "바닥글에 보임",
        default=True,
        help_text="끄면 바닥글에서 빠지고 독자가 열 수 없습니다.",
    )
    updated_at = models.DateTimeField("고친 시각", auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "신문사 안내 쪽"
        verbose_name_plural = "신문사 안내 쪽"
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=~Q(kind="other"),
                name="pages_one_of_each_required",
                violation_error_message="개인정보처리방침과 청소년보호정책은 하나씩만 둡니다.",
            ),
            models.CheckConstraint(
                condition=Q(shown=True) | Q(kind="other"),
                name="pages_required_are_shown",
                violation_error_message="법이 요구하는 쪽은 숨길 수 없습니다.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"address": self.address})

    @property
    def is_required(self) -> bool:
        return self.kind in self.REQUIRED

    @property
    def is_privacy(self) -> bool:
        return self.kind == self.Kind.PRIVACY

    @property
    def is_youth(self) -> bool:
        return self.kind == self.Kind.YOUTH

    def clean(self):
        errors = {}
        if self.address and (path := served_elsewhere(self.address)):
            errors["address"] = (
                f"{path} 는 사이트의 다른 화면이 이미 쓰는 주소입니다. 다른 주소를 정하세요."
            )
        if self.is_required and not self.shown:
            errors["shown"] = f"{self.get_kind_display()}는 법이 요구하는 쪽이라 숨길 수 없습니다."
        if self.is_privacy and self.body:
            errors["body"] = "개인정보처리방침의 글은 아래 시행일별 본문에 씁니다."
        elif not self.is_privacy and not self.body:
            errors["body"] = "본문을 써 주세요."
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        if self.is_required:
            raise ProtectedError("법이 요구하는 쪽은 지울 수 없습니다.", {self})
        return super().delete(*args, **kwargs)


class PolicyVersionQuerySet(models.QuerySet):
    def in_force(self, day=None):
        """Versions readers may see on `day` (today, Seoul): the one in force first, then the
        earlier ones, newest first."""
        return self.filter(effective_on__lte=day or timezone.localdate()).order_by(
            "-effective_on", "-pk"
        )


class PolicyVersion(models.Model):
    """One text of the privacy policy and the day it takes effect (시행일)."""

    page = models.ForeignKey(
        Page,
        verbose_name="쪽",
        on_delete=models.CASCADE,
        related_name="versions",
        limit_choices_to={"kind": Page.Kind.PRIVACY},
    )
    effective_on = models.DateField(
        "시행일",
        default=timezone.localdate,
        help_text="이날 0시부터 독자에게 보입니다. 그 전까지는 앞의 방침이 그대로 보입니다.",
    )
    body = SanitizedHTMLField("본문")
    created_at = models.DateTimeField("만든 시각", auto_now_add=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = "시행일별 본문"
        verbose_name_plural = "시행일별 본문"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "effective_on"],
                name="pages_one_version_a_day",
                violation_error_message="같은 시행일의 본문이 이미 있습니다.",
            ),
        ]

    def __str__(self):
        return f"{self.effective_on:%Y.%m.%d} 시행"

    def get_absolute_url(self):
        kwargs = {"address": self.page.address, "day": self.effective_on}
        return reverse("pages:version", kwargs=kwargs)

    @property
    def is_history(self) -> bool:
        """Saved, and in force before today: what readers were told on a past day."""
        return self.pk is not None and self.effective_on < timezone.localdate()

    def clean(self):
        if self.page_id and not self.page.is_privacy:
            raise ValidationError("시행일별 본문은 개인정보처리방침에만 둡니다.")
