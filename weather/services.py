"""Weather writes and the ticker's read: fetch from KMA and store, desk edits, demo rows."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from . import kma
from .conditions import (
    condition_for_station,
    condition_from_grid,
    condition_label,
    format_temperature,
    ticker_text,
)
from .models import Condition, FetchRun, Observation, Station

T = TypeVar("T")


# --- The ticker's read ------------------------------------------------------------------------


@dataclass(frozen=True)
class TickerEntry:
    name: str
    condition: str
    temperature: Decimal
    observed_at: datetime
    stale: bool

    @property
    def text(self) -> str:
        return ticker_text(condition=self.condition, name=self.name, temp=self.temperature)

    @property
    def temperature_text(self) -> str:
        return format_temperature(self.temperature)


def ticker_entries(*, now: datetime | None = None) -> list[TickerEntry]:
    """Active stations in order with their newest stored observation, in one query.

    Older than WEATHER_STALE_AFTER_MINUTES is marked stale; older than WEATHER_HIDE_AFTER_HOURS
    is left out. Never calls KMA. Pages keep the ticker as a box (weather/cache.py).
    """
    rows = Observation.objects.latest_per_station().values_list(
        "station__name", "condition", "temperature", "observed_at"
    )
    now = now or timezone.now()
    stale_after = timedelta(minutes=settings.WEATHER_STALE_AFTER_MINUTES)
    hide_after = timedelta(hours=settings.WEATHER_HIDE_AFTER_HOURS)
    return [
        TickerEntry(
            name, condition, temperature, observed_at, stale=now - observed_at > stale_after
        )
        for name, condition, temperature, observed_at in rows
        if now - observed_at <= hide_after
    ]


# --- The desk ---------------------------------------------------------------------------------


def observation_save_by_desk(*, observation: Observation) -> Observation:
    """A hand-entered or corrected value: it stands until a newer observation arrives."""
    observation.source = Observation.Source.DESK
    observation.fetched_at = timezone.now()
    observation.full_clean()
    observation.save()
    return observation


# --- Fetching from KMA ------------------------------------------------------------------------


class FetchPaused(Exception):
    """KMA said the daily quota is used up; fetch_weather waits until resume_at."""

    def __init__(self, resume_at: datetime):
        self.resume_at = resume_at
        local = timezone.localtime(resume_at)
        super().__init__(f"호출 한도 초과로 {local:%Y-%m-%d %H:%M}까지 기상청을 부르지 않습니다.")


class LineStatus(models.TextChoices):
    """What happened to one station in one run: a code, and the word fetch_weather prints."""

    STORED = "stored", "저장"
    UPDATED = "updated", "고침"
    UNCHANGED = "unchanged", "그대로"
    DESK = "desk", "데스크 입력 유지"
    MISSING = "missing", "자료 없음"
    REFUSED = "refused", "거부"
    WOULD_STORE = "would_store", "저장 예정"


@dataclass
class StationLine:
    """What happened to one station in one run (fetch_weather prints one line per station)."""

    station: Station
    status: LineStatus
    observed_at: datetime | None = None
    temperature: Decimal | None = None
    condition: str = ""
    source: str = ""
    note: str = ""

    def __str__(self) -> str:
        head = f"{self.station.name}({self.station.stn_id})"
        if self.temperature is None:
            return f"{head} {self.status.label}" + (f" - {self.note}" if self.note else "")
        when = timezone.localtime(self.observed_at).strftime("%m-%d %H:%M")
        if self.status == LineStatus.REFUSED:
            temperature = f"{self.temperature}℃"  # as KMA sent it: rounding could hide why
        else:
            temperature = format_temperature(self.temperature)
        parts = [head, condition_label(self.condition), temperature, when, self.status.label]
        if self.note:
            parts.append(f"({self.note})")
        return " ".join(part for part in parts if part)


@dataclass
class RefreshResult:
    hour: datetime | None
    lines: list[StationLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, *statuses: LineStatus) -> int:
        return sum(1 for line in self.lines if line.status in statuses)

    @property
    def stored(self) -> int:
        return self.count(LineStatus.STORED, LineStatus.UPDATED)

    @property
    def summary(self) -> str:
        if self.hour is None:
            return "받을 지점이 없습니다 (사용 중인 관측 지점 0곳)."
        hour = timezone.localtime(self.hour).strftime("%Y-%m-%d %H:%M")
        if self.dry_run:
            done = f"{self.count(LineStatus.WOULD_STORE)}곳 저장 예정 (시험 실행: 저장하지 않음)"
        else:
            done = (
                f"{self.count(LineStatus.STORED)}곳 새로 저장, "
                f"{self.count(LineStatus.UPDATED)}곳 고침, "
                f"{self.count(LineStatus.UNCHANGED)}곳 그대로"
            )
        kept = self.count(LineStatus.DESK)
        missing = self.count(LineStatus.MISSING)
        refused = [line.station.name for line in self.lines if line.status == LineStatus.REFUSED]
        return (
            f"기상청 {hour} 관측: {len(self.lines)}곳 중 {done}, "
            f"데스크 입력 유지 {kept}곳, 자료 없음 {missing}곳"
            + (f", 값 거부 {len(refused)}곳({', '.join(refused)})" if refused else "")
            + "."
        )


def observations_refresh(
    *,
    stations: Iterable[Station] | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> RefreshResult:
    """Fetch the latest hour for the stations from KMA and store it; keep last-good on failure.

    One kma_sfctm2.php request for all stations (stepping back one hour when the current hour
    has no rows yet), the optional grid fallback for stations whose cloud amount or temperature
    is missing, then one transaction that stores and prunes. Raises a
    KmaError (after recording the run) or FetchPaused.
    """
    now = now or timezone.now()
    stations = list(Station.objects.filter(active=True) if stations is None else stations)
    if not dry_run:
        paused = FetchRun.objects.filter(resume_at__gt=now).order_by("-resume_at").first()
        if paused:
            raise FetchPaused(paused.resume_at)
    if not stations:
        return RefreshResult(hour=None, dry_run=dry_run)
    result = RefreshResult(hour=None, dry_run=dry_run)
    try:
        rows, result.hour = _latest_rows(stations=stations, now=now, result=result)
        candidates = _candidates(stations=stations, rows=rows, result=result)
        candidates = _valid(candidates, result=result)
        if dry_run:
            for line, _ in candidates:
                line.status = LineStatus.WOULD_STORE
        else:
            with transaction.atomic():
                _store(candidates, result=result, now=now)
                observations_prune(now=now)
                FetchRun.objects.create(
                    started_at=now,
                    outcome=FetchRun.Outcome.OK,
                    observed_at=result.hour,
                    stored=result.stored,
                    message="\n".join([result.summary, *result.warnings]),
                )
    except kma.KmaError as exc:
        if not dry_run:
            _record_failure(exc, now=now)
        raise
    result.lines.sort(key=lambda line: (line.station.position, line.station.stn_id))
    return result


def _latest_rows(
    *, stations: list[Station], now: datetime, result: RefreshResult
) -> tuple[dict[int, kma.AsosRow], datetime]:
    """This hour's rows, or last hour's when this hour is not published yet (once)."""
    wanted = {station.stn_id for station in stations}
    hour = timezone.localtime(now, kma.KST).replace(minute=0, second=0, microsecond=0)
    for attempt in range(2):
        try:
            rows = _with_retry(
                kma.station_observations, result=result, hour=hour, stations=sorted(wanted)
            )
        except kma.KmaNotYetError:
            rows = {}
        rows = {stn: row for stn, row in rows.items() if stn in wanted}
        if rows:
            return rows, max(row.observed_at for row in rows.values())
        if attempt == 0:
            result.notes.append(f"{hour:%H:%M} 자료가 아직 없어 한 시간 전 자료를 받습니다.")
            hour -= timedelta(hours=1)
    raise kma.KmaNotYetError(
        f"{kma.SFCTM2}: {hour:%Y-%m-%d %H:%M}과 그 다음 시각의 관측 자료가 아직 없습니다."
    )


def _candidates(
    *, stations: list[Station], rows: dict[int, kma.AsosRow], result: RefreshResult
) -> list[tuple[StationLine, Observation]]:
    scheme = settings.KMA_CLOUD_SCHEME
    fallback = bool(settings.KMA_FALLBACK_SERVICE_KEY)
    candidates = []
    for station in stations:
        row = rows.get(station.stn_id)
        if row is None:
            result.lines.append(
                StationLine(station, LineStatus.MISSING, note="이번 응답에 이 지점이 없습니다")
            )
            continue
        temperature = row.temperature
        condition = condition_for_station(
            present_weather=row.present_weather, cloud_amount=row.cloud_amount, scheme=scheme
        )
        source = Observation.Source.KMA
        note = ""
        if (condition is None or temperature is None) and fallback and station.has_grid:
            try:
                grid_temperature, grid_condition = _fallback(
                    station=station, hour=row.observed_at, result=result
                )
            except kma.KmaError as exc:
                result.warnings.append(f"{station.name}: 보조 자료를 받지 못했습니다. {exc}")
                if isinstance(exc, kma.KmaAuthError | kma.KmaQuotaError):
                    fallback = False
            else:
                if temperature is None and grid_temperature is not None:
                    temperature = grid_temperature
                    source = Observation.Source.KMA_FALLBACK
                if condition is None and grid_condition is not None:
                    condition = grid_condition
                    source = Observation.Source.KMA_FALLBACK
        if temperature is None:
            result.lines.append(StationLine(station, LineStatus.MISSING, note="기온이 결측입니다"))
            continue
        if condition is None:
            note = "전운량 결측: 날씨 없이 기온만"
        elif source == Observation.Source.KMA_FALLBACK:
            note = "초단기 예보로 보완"
        line = StationLine(
            station,
            LineStatus.STORED,
            observed_at=row.observed_at,
            temperature=temperature,
            condition=condition or "",
            source=source,
            note=note,
        )
        result.lines.append(line)
        candidates.append(
            (
                line,
                Observation(
                    station=station,
                    observed_at=row.observed_at,
                    temperature=temperature,
                    condition=condition or "",
                    source=source,
                ),
            )
        )
    return candidates


def _valid(
    candidates: list[tuple[StationLine, Observation]], *, result: RefreshResult
) -> list[tuple[StationLine, Observation]]:
    """The candidates whose values pass Observation's validators; each other one is refused on
    its own (named with the reason in its line and in a warning), so one absurd value keeps
    neither the other stations off the ticker nor the run from succeeding. When every value is
    refused there is nothing to store: KmaRefusedError."""
    valid, refused = [], {}
    for line, new in candidates:
        try:
            new.full_clean(exclude=["station"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            line.status, line.note = LineStatus.REFUSED, _reasons(exc)
            refused.setdefault(line.note, []).append(line.station.name)
            head = f"{line.station.name}({line.station.stn_id})"
            result.warnings.append(f"{head}: 기상청 값을 받지 않았습니다 - {line.note}")
        else:
            valid.append((line, new))
    if refused and not valid:
        count = sum(len(names) for names in refused.values())
        reasons = "; ".join(f"{', '.join(names)} - {note}" for note, names in refused.items())
        raise kma.KmaRefusedError(
            f"{count}곳의 값이 모두 잘못되어 아무것도 저장하지 않았습니다: {reasons}"
        )
    return valid


def _reasons(exc: ValidationError) -> str:
    """`기온(℃): 60.0 이하의 값을 입력해 주세요.`: the messages on one line, by field label."""
    parts = []
    for name, messages in exc.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else Observation._meta.get_field(name).verbose_name
        parts += [f"{label}: {message}" if label else message for message in messages]
    return " ".join(" ".join(parts).split())


def _fallback(
    *, station: Station, hour: datetime, result: RefreshResult
) -> tuple[Decimal | None, str | None]:
    """Temperature and word from the short-range service for the station's grid cell."""
    base = kma.nowcast_base(hour)
    try:
        now = _with_retry(kma.grid_nowcast, result=result, base=base, nx=station.nx, ny=station.ny)
    except kma.KmaNotYetError:
        base -= timedelta(hours=1)
        now = _with_retry(kma.grid_nowcast, result=result, base=base, nx=station.nx, ny=station.ny)
    forecast = _with_retry(
        kma.grid_forecast,
        result=result,
        base=kma.forecast_base(hour),
        nx=station.nx,
        ny=station.ny,
    )
    pty = now.code("PTY") if "PTY" in now.values else forecast.code("PTY")
    condition = condition_from_grid(pty=pty, sky=forecast.code("SKY"))
    temperature = now.values.get("T1H")
    if temperature is not None:
        temperature = temperature.quantize(Decimal("0.1"))
    return temperature, condition


def _with_retry(call: Callable[..., T], *, result: RefreshResult, **kwargs) -> T:
    """Transient failures get one more try after WEATHER_RETRY_BACKOFF seconds."""
    try:
        return call(**kwargs)
    except kma.KmaTransientError as exc:
        result.notes.append(f"{exc} - {settings.WEATHER_RETRY_BACKOFF}초 뒤 한 번 더 시도합니다.")
        time.sleep(settings.WEATHER_RETRY_BACKOFF)
        return call(**kwargs)


def _store(
    candidates: list[tuple[StationLine, Observation]], *, result: RefreshResult, now: datetime
) -> None:
    if not candidates:
        return
    existing = {
        (obs.station_id, obs.observed_at): obs
        for obs in Observation.objects.select_for_update().filter(
            station__in=[obs.station for _, obs in candidates],
            observed_at__in={obs.observed_at for _, obs in candidates},
        )
    }
    for line, new in candidates:
        old = existing.get((new.station.pk, new.observed_at))
        if old is None:
            new.fetched_at = now
            new.full_clean()
            new.save()
        elif old.source == Observation.Source.DESK:
            line.status = LineStatus.DESK
            line.temperature, line.condition = old.temperature, old.condition
        elif (old.temperature, old.condition, old.source) == (
            new.temperature,
            new.condition,
            new.source,
        ):
            line.status = LineStatus.UNCHANGED
        else:
            old.temperature, old.condition, old.source = new.temperature, new.condition, new.source
            old.fetched_at = now
            old.full_clean()
            old.save()
            line.status = LineStatus.UPDATED


def _record_failure(exc: kma.KmaError, *, now: datetime) -> None:
    resume_at = None
    if isinstance(exc, kma.KmaQuotaError):
        tomorrow = timezone.localtime(now, kma.KST).date() + timedelta(days=1)
        resume_at = datetime.combine(tomorrow, datetime.min.time(), tzinfo=kma.KST)
        resume_at += timedelta(minutes=5)
    FetchRun.objects.create(
        started_at=now, outcome=exc.outcome, message=str(exc), resume_at=resume_at
    )


def observations_prune(*, now: datetime | None = None) -> int:
    """Forget observations and run records older than WEATHER_KEEP_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.WEATHER_KEEP_DAYS)
    deleted, _ = Observation.objects.filter(observed_at__lt=cutoff).delete()
    FetchRun.objects.filter(started_at__lt=cutoff).delete()
    return deleted


# --- Demo -------------------------------------------------------------------------------------

# The values of shared/KMA.md §6.1 (a January morning), after the condition mapping.
DEMO_OBSERVATIONS = {
    98: (Condition.CLEAR, "-8.1"),
    105: (Condition.CLEAR, "-1.2"),
    108: (Condition.CLEAR, "-5.3"),
    133: (Condition.CLEAR, "-4.0"),
    143: (Condition.MOSTLY_CLOUDY, "-2.7"),
    152: (Condition.MOSTLY_CLOUDY, "0.4"),
    156: (Condition.MOSTLY_CLOUDY, "-0.9"),
    159: (Condition.CLEAR, "2.1"),
    172: (Condition.SNOW, "-1.5"),
    184: (Condition.OVERCAST, "4.2"),
    201: (Condition.CLEAR, "-6.8"),
    226: (Condition.CLEAR, "-9.4"),
    238: (Condition.OVERCAST, "-7.7"),
    259: ("", "0.3"),
    283: (Condition.MOSTLY_CLOUDY, "-3.6"),
    294: (Condition.OVERCAST, "1.9"),
}


def observations_seed_demo(*, now: datetime | None = None) -> int:
    """Demo rows for the reference stations at the last full hour, so the ticker is filled.

    Stored as desk entries (they are not KMA's); the next real fetch of a newer hour replaces
    them on the ticker. Idempotent.
    """
    now = now or timezone.now()
    hour = timezone.localtime(now, kma.KST).replace(minute=0, second=0, microsecond=0)
    hour -= timedelta(hours=1)
    count = 0
    with transaction.atomic():
        for station in Station.objects.filter(stn_id__in=DEMO_OBSERVATIONS):
            condition, temperature = DEMO_OBSERVATIONS[station.stn_id]
            Observation.objects.update_or_create(
                station=station,
                observed_at=hour,
                defaults={
                    "temperature": Decimal(temperature),
                    "condition": condition,
                    "source": Observation.Source.DESK,
                    "fetched_at": now,
                },
            )
            count += 1
    return count
