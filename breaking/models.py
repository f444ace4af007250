"""속보: the one-line banner the desk raises over every reader page, linking to an article.

A banner shows from its start (the moment it is saved, unless the desk gives a later one) until
its end or until the desk lowers it, and only while its article is live: a scheduled article's
banner shows from the article's minute, an unpublished one's not at all. When several could
show, the newest start wins. What readers see of it is breaking.cache.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from articles.models import Article


class BreakingQuerySet(models.QuerySet):
    def showing(self, at=None):
        """The banners readers see at `at` (now), newest first."""
        at = at or timezone.now()
        return (
            self.filter(starts_at__lte=at, ends_at__gt=at)
            .filter(article__in=Article.objects.published(at))
            .select_related("article")
            .order_by("-starts_at", "-pk")
        )

    def not_ended(self):
        return self.filter(ends_at__gt=timezone.now())


class Breaking(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name="기사",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="속보를 누르면 이 기사로 갑니다. 아직 게재 전인 기사라면 게재 시각부터 보입니다.",
    )
    text = models.CharField(
        "속보 문구",
        max_length=80,
        blank=True,
        help_text="한 줄로 보입니다. 비워 두면 기사 제목을 씁니다.",
    )
    starts_at = models.DateTimeField(
        "올릴 시각",
        default=timezone.now,
        help_text="저장하는 즉시 올리려면 그대로 두세요.",
    )
    ends_at = models.DateTimeField("내릴 시각", help_text="이 시각에 저절로 내려갑니다.")
    created_at = models.DateTimeField("만든 시각", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="올린 사람",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = BreakingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = "속보"
        verbose_name_plural = "속보"
        indexes = [models.Index(fields=["ends_at"], name="breaking_ends_at")]
        constraints = [
            # Equal when lowered before it started (admin's 내리기): then it never shows.
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="breaking_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "내릴 시각은 올릴 시각보다 뒤여야 합니다."})

    @property
    def headline(self):
        return self.text or self.article.title

    def lower(self, at=None):
        """Take the banner down now (it is kept, ended, in the list)."""
        at = at or timezone.now()
        self.ends_at = at
        self.starts_at = min(self.starts_at, at)
        self.save(update_fields=["starts_at", "ends_at"])
