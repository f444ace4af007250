import argparse
import re
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from weather import kma
from weather.services import FetchPaused, observations_refresh

EXIT_CODES = (
    "종료 코드: 0 성공(값이 잘못된 지점이 있으면 그 지점만 거부하고 이름과 까닭을 알림), "
    f"{kma.KmaError.exit_code} 요청 오류, "
    f"{kma.KmaAuthError.exit_code} 인증키 오류(다시 시도하지 않음), "
    f"{kma.KmaQuotaError.exit_code} 호출 한도 초과(다음 날까지 쉼), "
    f"{kma.KmaNotYetError.exit_code} 아직 발표 전, {kma.KmaTransientError.exit_code} 시간 초과·"
    "서버 오류·형식이 잘못된 응답(한 번 다시 시도한 뒤), "
    f"{kma.KmaRefusedError.exit_code} 모든 지점의 값이 잘못되어 아무것도 저장하지 않음. "
    "실패해도 마지막으로 받은 관측값은 그대로 남습니다. --every는 인증키 오류에서만 끝나고, "
    "다른 실패는 한 줄로 알린 뒤 다음 간격에 다시 받습니다."
)


def interval(value: str) -> timedelta:
    """'10m', '30s', '1h' or plain seconds."""
    match = re.fullmatch(r"\s*(\d+)\s*([smh]?)\s*", value)
    if not match or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(f"'10m', '30s', '1h'처럼 쓰세요 ({value!r}).")
    unit = {"": "seconds", "s": "seconds", "m": "minutes", "h": "hours"}[match[2]]
    return timedelta(**{unit: int(match[1])})


def unexpected(exc: Exception) -> str:
    """One line for an error nobody classified, without either KMA key in it."""
    detail = " ".join(kma.redact_keys(str(exc)).split())[:300]
    what = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"예상하지 못한 오류로 이번 수집을 건너뜁니다 ({what})."


class Command(BaseCommand):
    help = (
        "기상청 API 허브(kma_sfctm2.php)에서 사용 중인 관측 지점의 최신 정시 관측을 한 번에 받아 "
        "저장합니다. 지점마다 한 줄, 끝에 요약을 찍습니다. " + EXIT_CODES
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=interval,
            metavar="간격",
            help="끝내지 않고 이 간격(예: 10m)마다 받습니다. systemd 같은 프로세스 관리자용.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="받아서 무엇을 저장할지 찍기만 하고 저장하지 않습니다.",
        )

    def handle(self, *args, every=None, dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        if every is None:
            self.run_once(dry_run=dry_run)
            return
        self.say(f"{int(every.total_seconds())}초마다 받습니다. 멈추려면 Ctrl-C.")
        try:
            while True:
                started = timezone.now()
                try:
                    close_old_connections()
                    resume_at = self.run_once(dry_run=dry_run)
                except CommandError as exc:
                    if exc.returncode == kma.KmaAuthError.exit_code:
                        raise
                    self.stderr.write(str(exc))
                    resume_at = None
                except Exception as exc:  # a database hiccup or a bug must not end the service
                    self.stderr.write(unexpected(exc))
                    resume_at = None
                finally:
                    close_old_connections()
                wake = max(started + every, resume_at or started)
                self.sleep((wake - timezone.now()).total_seconds())
        except KeyboardInterrupt:
            self.say("멈췄습니다.")

    def run_once(self, *, dry_run: bool):
        """One fetch; returns when to wake up if KMA's quota is used up, else None."""
        try:
            result = observations_refresh(dry_run=dry_run)
        except FetchPaused as paused:
            self.say(str(paused))
            return paused.resume_at
        except kma.KmaError as exc:
            raise CommandError(str(exc), returncode=exc.exit_code) from None
        for note in result.notes:
            self.say(note)
        for line in result.lines:
            self.say(str(line))
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.say(self.style.SUCCESS(result.summary))
        return None

    def say(self, message: str, *, level: int = 1) -> None:
        if self.verbosity >= level:
            self.stdout.write(message)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)
