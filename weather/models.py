from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone


class Condition(models.TextChoices):
    """What the sky is doing at a station: stored and compared as a code, printed as the Korean
    word the ticker shows before the station's name (shared/KMA.md §5.3)."""

    CLEAR = "clear", "맑음"
    PARTLY_CLOUDY = "partly_cloudy", "구름조금"
    MOSTLY_CLOUDY = "mostly_cloudy", "구름많음"
    OVERCAST = "overcast", "흐림"
    RAIN = "rain", "비"
    SLEET = "sleet", "비/눈"
    SNOW = "snow", "눈"
    SHOWER = "shower", "소나기"
    DRIZZLE = "drizzle", "빗방울"
    DRIZZLE_SNOW = "drizzle_snow", "빗방울눈날림"
    SNOW_FLURRY = "snow_flurry", "눈날림"
    FOG = "fog", "안개"


class Station(models.Model):
    name = models.CharField(
        "이름", max_length=20, help_text="띠에 찍히는 이름. 기상청 지점 이름 그대로 (예: 강진군)."
    )
    stn_id = models.PositiveIntegerField(
        "지점번호", unique=True, help_text="기상청 종관기상관측(ASOS) 지점번호 (예: 서울 108)."
    )
    position = models.PositiveSmallIntegerField(
        "순서", default=0, help_text="작을수록 띠의 앞에 나옵니다."
    )
    active = models.BooleanField(
        "사용",
        default=True,
        choices=[(True, "사용"), (False, "숨김")],
        help_text="숨기면 띠에서 빼고 받지 않습니다.",
    )
    nx = models.PositiveSmallIntegerField(
        "격자 X",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(149)],
        help_text="보조 자료(초단기 예보)에 쓰는 5km 격자 X. 비우면 보조 자료를 쓰지 않습니다.",
    )
    ny = models.PositiveSmallIntegerField(
        "격자 Y",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(253)],
        help_text="보조 자료(초단기 예보)에 쓰는 5km 격자 Y.",
    )

    class Meta:
        ordering = ["position", "stn_id"]
        verbose_name = "관측 지점"
        verbose_name_plural = "관측 지점"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(nx__isnull=True) & models.Q(ny__isnull=True))
                | (models.Q(nx__isnull=False) & models.Q(ny__isnull=False)),
                name="weather_station_grid_both_or_neither",
                violation_error_message="격자 X와 Y는 함께 입력하거나 함께 비워 두세요.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.stn_id})"

    def get_absolute_url(self):
        return reverse("admin:weather_station_change", args=[self.pk])

    @property
    def has_grid(self) -> bool:
        return self.nx is not None and self.ny is not None


class ObservationQuerySet(models.QuerySet):
    def latest_per_station(self):
        """Each active station's newest observation, in ticker order: one query."""
        newest = (
            Observation.objects.filter(station=OuterRef("station"))
            .order_by("-observed_at", "-pk")
            .values("pk")[:1]
        )
        return (
            self.filter(station__active=True, pk=Subquery(newest))
            .select_related("station")
            .order_by("station__position", "station__stn_id")
        )


class Observation(models.Model):
    class Source(models.TextChoices):
        KMA = "kma", "기상청 관측"
        KMA_FALLBACK = "kma_fallback", "기상청 관측 + 초단기 예보"
        DESK = "desk", "데스크 입력"

    station = models.ForeignKey(
        Station, verbose_name="지점", on_delete=models.CASCADE, related_name="observations"
    )
    observed_at = models.DateTimeField(
        "관측 시각",
        help_text=(
            "기상청 자료는 정시입니다. "
            "직접 입력한 값은 더 새로운 관측이 들어올 때까지 띠에 나옵니다."
        ),
    )
    temperature = models.DecimalField(
        "기온(℃)",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("-60.0")), MaxValueValidator(Decimal("60.0"))],
    )
    condition = models.CharField(
        "날씨",
        max_length=20,
        choices=Condition,
        blank=True,
        help_text="모르면 비워 두세요. 띠에는 기온만 나옵니다.",
    )
    source = models.CharField(
        "출처", max_length=20, choices=Source.choices, default=Source.DESK, editable=False
    )
    fetched_at = models.DateTimeField("저장 시각", default=timezone.now, editable=False)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_at", "station__position"]
        verbose_name = "관측값"
        verbose_name_plural = "관측값"
        constraints = [
            models.UniqueConstraint(
                fields=["station", "observed_at"],
                name="weather_observation_one_per_station_and_time",
                violation_error_message=(
                    "이 지점의 같은 시각 관측값이 이미 있습니다. 그 값을 고치세요."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["station", "-observed_at"], name="weather_obs_station_time"),
            models.Index(fields=["observed_at"], name="weather_obs_time"),
        ]

    def __str__(self):
        when = timezone.localtime(self.observed_at).strftime("%m-%d %H:%M")
        return f"{self.station.name} {when} {self.ticker_text}"

    def get_absolute_url(self):
        return reverse("admin:weather_observation_change", args=[self.pk])

    def clean(self):
        if self.observed_at and self.observed_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError({"observed_at": "앞으로의 시각은 관측 시각이 될 수 없습니다."})

    @property
    def ticker_text(self) -> str:
        from .conditions import ticker_text

        return ticker_text(condition=self.condition, name=self.station.name, temp=self.temperature)


class FetchRun(models.Model):
    """One run of fetch_weather: what happened, so the desk can see why the ticker is old."""

    class Outcome(models.TextChoices):
        OK = "ok", "성공"
        AUTH = "auth", "인증키 오류"
        QUOTA = "quota", "호출 한도 초과"
        NOT_YET = "not_yet", "아직 발표 전"
        TRANSIENT = "transient", "일시 오류"
        ERROR = "error", "요청 오류"

    started_at = models.DateTimeField("시작", default=timezone.now)
    outcome = models.CharField("결과", max_length=20, choices=Outcome.choices)
    observed_at = models.DateTimeField("받은 관측 시각", null=True, blank=True)
    stored = models.PositiveSmallIntegerField("저장한 지점 수", default=0)
    message = models.TextField("내용", blank=True)
    resume_at = models.DateTimeField(
        "다시 받는 시각",
        null=True,
        blank=True,
        help_text="호출 한도를 넘으면 이 시각까지 기상청을 부르지 않습니다.",
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "수집 기록"
        verbose_name_plural = "수집 기록"
        indexes = [models.Index(fields=["resume_at"], name="weather_fetchrun_resume")]

    def __str__(self):
        when = timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} {self.get_outcome_display()}"

    def get_absolute_url(self):
        return reverse("admin:weather_fetchrun_change", args=[self.pk])
