"""광고: the places on reader pages that carry banners, the banners, and their daily counts.

A banner shows from its start minute until its end minute, with no job: live() is the one
definition of what readers may see of it. What readers see is ads.cache; counting is
ads.services.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone


class Position(models.Model):
    """A place on reader pages that carries banners. The five are made by a migration."""

    class Code(models.TextChoices):
        TOP = "top", "상단"
        WING = "wing", "사이드 날개"
        MIDDLE = "middle", "기사 본문 중간"
        BOTTOM = "bottom", "하단"
        POPUP = "popup", "팝업"

    class Device(models.TextChoices):
        BOTH = "both", "PC와 모바일"
        PC = "pc", "PC만"
        MOBILE = "mobile", "모바일만"

    code = models.CharField("코드", max_length=20, choices=Code, unique=True)
    name = models.CharField("이름", max_length=40)
    width = models.PositiveSmallIntegerField("가로(픽셀)", validators=[MinValueValidator(1)])
    height = models.PositiveSmallIntegerField("세로(픽셀)", validators=[MinValueValidator(1)])
    device = models.CharField(
        "기기",
        max_length=10,
        choices=Device,
        default=Device.BOTH,
        help_text="PC는 화면 너비 720픽셀 이상, 모바일은 그보다 좁은 화면입니다.",
    )
    on_home = models.BooleanField("1면", default=True)
    on_section = models.BooleanField("섹션 목록", default=True)
    on_article = models.BooleanField("기사", default=True)
    on_other = models.BooleanField(
        "그 밖의 면", default=True, help_text="전체기사, 검색, 기자별 기사 등"
    )
    max_shown = models.PositiveSmallIntegerField(
        "한 번에 보일 수",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="게시중인 광고가 더 많으면 독자마다 비중에 따라 골라 보여 줍니다.",
    )
    allows_network = models.BooleanField(
        "네트워크 광고 허용",
        default=False,
        help_text="애드센스·카카오 애드핏·데이블 등의 코드를 이 자리에 붙일 수 있게 합니다. "
        "서버 설정에서 네트워크 광고를 켰을 때만 나가며, 격리된 틀 안에서만 돕니다.",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "광고 위치"
        verbose_name_plural = "광고 위치"

    def __str__(self):
        return self.name

    @property
    def lazy(self) -> bool:
        """Below the fold on first sight, or not shown on most screens (the wing needs 1400 px):
        its pictures load when the reader gets near, and never where the place is hidden."""
        return self.code in (self.Code.MIDDLE, self.Code.BOTTOM, self.Code.WING)

    def shown_on(self, kind: str) -> bool:
        return getattr(self, f"on_{kind}", False)


class BannerQuerySet(models.QuerySet):
    def live(self, at=None):
        """The banners readers may see at `at` (now)."""
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at)

    def not_ended(self):
        return self.filter(ends_at__gt=timezone.now())


web_link = URLValidator(schemes=["http", "https"], message="http:// 또는 https:// 주소를 넣으세요.")


class Banner(models.Model):
    position = models.ForeignKey(
        Position, verbose_name="위치", on_delete=models.PROTECT, related_name="banners"
    )
    advertiser = models.CharField(
        "광고주", max_length=100, help_text="보고서(CSV)는 광고주별로 내려받습니다."
    )
    name = models.CharField("광고 이름", max_length=100, help_text="관리 화면에서만 보입니다.")
    image = models.ImageField(
        "그림",
        upload_to="ads/%Y/%m/",
        blank=True,
        max_length=200,
        help_text="위치의 크기(가로×세로)에 맞춘 그림이 가장 좋습니다. 올리면 위치 정보(EXIF)를 "
        "지우고 다시 저장합니다.",
    )
    alt = models.CharField(
        "대체 텍스트",
        max_length=200,
        blank=True,
        help_text="그림을 볼 수 없는 독자에게 읽어 주는 글입니다. 그림 속 문구를 그대로 쓰세요.",
    )
    link = models.CharField(
        "연결 주소",
        max_length=500,
        blank=True,
        validators=[web_link],
        help_text="광고를 누른 독자가 갈 웹 주소",
    )
    new_window = models.BooleanField("새 창에서 열기", default=True)
    network_code = models.TextField(
        "네트워크 광고 코드",
        blank=True,
        help_text="네트워크 광고를 허용한 위치에서만 씁니다. 그림 대신 이 코드가 격리된 틀 안에서 "
        "돕니다.",
    )
    starts_at = models.DateTimeField("시작 시각", default=timezone.now, help_text="분 단위")
    ends_at = models.DateTimeField("종료 시각", help_text="이 분에 저절로 내려갑니다.")
    weight = models.PositiveSmallIntegerField(
        "비중",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="같은 위치의 광고끼리 비중에 비례해 자주 보입니다.",
    )
    order = models.PositiveSmallIntegerField(
        "순서",
        default=0,
        help_text="작은 것이 먼저입니다. 스크립트가 꺼진 화면에는 맨 앞 것이 보입니다.",
    )
    ending_notice_sent_at = models.DateTimeField(
        "종료 예고 메일 보낸 시각", null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField("만든 시각", auto_now_add=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        ordering = ["position", "order", "pk"]
        verbose_name = "배너 광고"
        verbose_name_plural = "배너 광고"
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="ads_banner_schedule")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="ads_banner_ends_after"
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="ads_banner_weight"),
        ]

    def __str__(self):
        return f"{self.advertiser} · {self.name}"

    def save(self, *args, **kwargs):
        # Banners go live and end on the minute, as articles do.
        self.starts_at = self.starts_at.replace(second=0, microsecond=0)
        self.ends_at = self.ends_at.replace(second=0, microsecond=0)
        super().save(*args, **kwargs)

    @property
    def is_network(self) -> bool:
        return bool(self.network_code)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "종료 시각은 시작 시각보다 뒤여야 합니다."
        if self.network_code:
            if self.position_id and not self.position.allows_network:
                errors["network_code"] = "이 위치는 네트워크 광고를 허용하지 않습니다."
            if self.image:
                errors["image"] = "네트워크 광고 코드와 그림 중 하나만 넣으세요."
        else:
            if not self.image:
                errors["image"] = "그림을 올리세요."
            if not self.alt.strip():
                errors["alt"] = "대체 텍스트를 넣으세요."
            if not self.link:
                errors["link"] = "연결 주소를 넣으세요."
        if errors:
            raise ValidationError(errors)


class DailyStat(models.Model):
    """A banner's impressions and clicks on one day (Seoul time)."""

    banner = models.ForeignKey(
        Banner,
        verbose_name="배너",
        on_delete=models.CASCADE,
        related_name="daily_stats",
        db_index=False,  # ads_daily_once starts with it
    )
    day = models.DateField("날짜")
    impressions = models.PositiveIntegerField("노출", default=0)
    clicks = models.PositiveIntegerField("클릭", default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = "일별 광고 집계"
        verbose_name_plural = "일별 광고 집계"
        constraints = [models.UniqueConstraint(fields=["banner", "day"], name="ads_daily_once")]

    def __str__(self):
        return f"{self.banner_id} {self.day}: {self.impressions}/{self.clicks}"
