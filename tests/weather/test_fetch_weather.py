"""manage.py fetch_weather end to end against the local KMA: stored rows, output, exit codes."""

import time
from datetime import datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connections

from weather import kma, services
from weather.management.commands import fetch_weather
from weather.management.commands.fetch_weather import Command, interval
from weather.models import Condition, FetchRun, Observation, Station
from weather.services import ticker_entries

from .conftest import SECRET, Reply, payload

pytestmark = pytest.mark.django_db

KST = kma.KST
NINE = datetime(2025, 1, 15, 9, 0, tzinfo=KST)


def at(hour, minute=20, day=15):
    return time_machine.travel(datetime(2025, 1, day, hour, minute, tzinfo=KST), tick=False)


def body_for(hour: int, day: str = "20250115") -> Reply:
    text = payload("sfctm2_ok.txt").replace(b"2025011509", f"{day}{hour:02d}".encode())
    return Reply(body=text)


def with_temperatures(body: bytes, temperatures: dict[int, str]) -> Reply:
    """The body with TA (the 12th column) of the given stations replaced."""
    lines = []
    for line in body.decode("cp949").splitlines():
        tokens = line.split()
        if not line.startswith("#") and len(tokens) > 11 and int(tokens[1]) in temperatures:
            tokens[11] = temperatures[int(tokens[1])]
            line = " ".join(tokens)
        lines.append(line)
    return Reply(body="\n".join(lines).encode("cp949"))


def fetch(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("fetch_weather", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def fetch_fails(*args):
    with pytest.raises(CommandError) as caught:
        fetch(*args)
    return caught.value


def stored(name):
    return Observation.objects.filter(station__name=name).order_by("-observed_at").first()


def test_a_run_stores_every_reference_station_with_its_word(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        out, err = fetch()
    assert Observation.objects.count() == 16
    assert Observation.objects.filter(observed_at=NINE, source="kma").count() == 16
    expected = {
        "동두천": ("clear", "-8.1"),
        "서울": ("clear", "-5.3"),  # 3 tenths
        "대전": ("clear", "-4.0"),  # 5 tenths
        "대구": ("mostly_cloudy", "-2.7"),  # 6 tenths
        "광주": ("mostly_cloudy", "-0.9"),  # 8 tenths
        "금산": ("overcast", "-7.7"),  # 9 tenths
        "제주": ("overcast", "4.2"),  # 10 tenths
        "고창": ("snow", "-1.5"),  # WC 71 beats 10 tenths
        "강진군": ("", "0.3"),  # cloud amount missing, no fallback: no condition
    }
    for name, (code, temp) in expected.items():
        obs = stored(name)
        assert (obs.condition, obs.temperature) == (code, Decimal(temp)), name
    lines = out.splitlines()
    assert len(lines) == 17  # one line per station, then the summary
    assert lines[0] == "동두천(98) 맑음 -8.1℃ 01-15 09:00 저장"
    assert lines[13] == "강진군(259) 0.3℃ 01-15 09:00 저장 (전운량 결측: 날씨 없이 기온만)"
    assert lines[-1] == (
        "기상청 2025-01-15 09:00 관측: 16곳 중 16곳 새로 저장, 0곳 고침, 0곳 그대로, "
        "데스크 입력 유지 0곳, 자료 없음 0곳."
    )
    assert err == ""
    run = FetchRun.objects.get()
    assert (run.outcome, run.stored, run.observed_at) == ("ok", 16, NINE)


def test_running_again_for_the_same_hour_changes_nothing(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
        first = {obs.pk: obs.fetched_at for obs in Observation.objects.all()}
    with at(9, 30):
        out, _ = fetch()
    assert {obs.pk: obs.fetched_at for obs in Observation.objects.all()} == first
    assert "16곳 그대로" in out


def test_an_inactive_station_is_neither_asked_for_nor_stored(kma_server):
    Station.objects.filter(name="제주").update(active=False)
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    [query] = kma_server.calls(kma.SFCTM2)
    assert "184" not in query["stn"][0].split(":")
    assert not Observation.objects.filter(station__name="제주").exists()
    assert Observation.objects.count() == 15


def test_four_step_scale_setting_brings_back_partly_cloudy(kma_server, settings):
    settings.KMA_CLOUD_SCHEME = "4step"
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    assert stored("서울").condition == Condition.PARTLY_CLOUDY  # 3 tenths
    assert stored("강릉").condition == Condition.CLEAR  # 2 tenths
    assert stored("대구").condition == Condition.MOSTLY_CLOUDY  # 6 tenths


def test_an_hour_without_rows_steps_back_one_hour(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_empty_hour.txt", body_for(9))
    with at(10, 3):
        out, _ = fetch()
    assert [q["tm"] for q in kma_server.calls(kma.SFCTM2)] == [["202501151000"], ["202501150900"]]
    assert Observation.objects.filter(observed_at=NINE).count() == 16
    assert "10:00 자료가 아직 없어 한 시간 전 자료를 받습니다." in out


def test_no_data_code_also_steps_back(kma_server):
    kma_server.reply(kma.SFCTM2, "no_data_03.json", body_for(9))
    with at(10, 3):
        fetch()
    assert Observation.objects.filter(observed_at=NINE).count() == 16


def test_nothing_in_either_hour_exits_not_yet_after_two_calls(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_empty_hour.txt")
    with at(10, 3):
        error = fetch_fails()
    assert error.returncode == kma.KmaNotYetError.exit_code == 5
    assert len(kma_server.calls(kma.SFCTM2)) == 2
    assert str(error).startswith("아직 발표 전")
    assert FetchRun.objects.get().outcome == "not_yet"


def test_bad_key_exits_3_without_retrying_and_keeps_last_good(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    kma_server.replies.clear()
    kma_server.reply(kma.SFCTM2, "apihub_401.json", status=401)
    with at(10):
        error = fetch_fails()
        entries = ticker_entries()
    assert error.returncode == 3
    assert len(kma_server.calls(kma.SFCTM2)) == 2  # the first run's, and one for this run
    assert Observation.objects.count() == 16
    assert [entry.text for entry in entries][:2] == ["맑음 동두천 -8.1℃", "맑음 강릉 -1.2℃"]
    assert FetchRun.objects.filter(outcome="auth").count() == 1


@pytest.mark.parametrize("fixture,status", [("gateway_30.xml", 200), ("apihub_403.json", 403)])
def test_unapproved_key_shapes_exit_3(kma_server, fixture, status):
    kma_server.reply(kma.SFCTM2, fixture, status=status)
    with at(9):
        assert fetch_fails().returncode == 3
    assert len(kma_server.calls(kma.SFCTM2)) == 1


def test_quota_exits_4_and_no_call_is_made_until_the_next_day(kma_server):
    kma_server.reply(kma.SFCTM2, "gateway_22.xml", status=429)
    with at(9):
        assert fetch_fails().returncode == 4
    run = FetchRun.objects.get()
    assert run.resume_at == datetime(2025, 1, 16, 0, 5, tzinfo=KST)
    with at(23, 50):
        out, err = fetch()
    assert "호출 한도 초과로 2025-01-16 00:05까지 기상청을 부르지 않습니다." in out
    assert len(kma_server.calls(kma.SFCTM2)) == 1
    kma_server.replies.clear()
    kma_server.reply(kma.SFCTM2, body_for(0))
    with at(0, 10, day=16):
        fetch()
    assert len(kma_server.calls(kma.SFCTM2)) == 2
    assert Observation.objects.count() == 16


def test_a_transient_failure_is_retried_once(kma_server):
    kma_server.reply(kma.SFCTM2, "maintenance.html", "sfctm2_ok.txt")
    with at(9):
        out, _ = fetch()
    assert len(kma_server.calls(kma.SFCTM2)) == 2
    assert Observation.objects.count() == 16
    assert "한 번 더 시도합니다" in out


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body=payload("maintenance.html"), status=503, content_type="text/html"),
        Reply(body=payload("sfctm2_ok.txt"), delay=1),
        Reply(body=payload("sfctm2_ok.txt")[:2000]),
        Reply(body=payload("db_error_02.json"), content_type="application/json"),
    ],
    ids=["5xx", "timeout", "truncated", "db-error"],
)
def test_transient_twice_exits_6_and_the_last_good_stays(kma_server, reply):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    kma_server.replies.clear()
    kma_server.reply(kma.SFCTM2, reply)
    with at(10):
        error = fetch_fails()
    assert error.returncode == 6
    assert len(kma_server.calls(kma.SFCTM2)) == 3  # one good run, then a try and one retry
    assert Observation.objects.count() == 16
    assert stored("서울").temperature == Decimal("-5.3")


def test_a_server_error_whose_body_drips_exits_6_within_the_timeout(kma_server, settings):
    body = b'{"result":{"status":500,"message":"' + b"x" * 100 + b'"}}'
    kma_server.reply(kma.SFCTM2, Reply(body=body, status=500, trickle=0.05))
    started = time.monotonic()
    with at(9):
        error = fetch_fails()
    # The try and its one retry, each cut off at WEATHER_TIMEOUT (the body alone takes 7 s).
    assert time.monotonic() - started < 2 * settings.WEATHER_TIMEOUT + 1
    assert error.returncode == 6
    assert str(error) == "일시 오류: kma_sfctm2.php (HTTP 500): 기상청 서버 오류입니다."


def test_deeply_nested_json_instead_of_observations_exits_6_in_one_line(kma_server):
    deep = Reply(body=b'{"a":' * 100_000, content_type="application/json")
    kma_server.reply(kma.SFCTM2, deep)
    with at(9):
        error = fetch_fails()
    assert error.returncode == 6
    assert str(error) == (
        "응답 형식 오류: kma_sfctm2.php (HTTP 200): "
        "JSON 응답이 끊겼거나 깨졌거나 너무 깊게 중첩되어 읽을 수 없습니다."
    )
    assert FetchRun.objects.get().outcome == "transient"


def test_one_station_at_75_degrees_is_refused_and_the_others_are_stored(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    kma_server.replies.clear()
    kma_server.reply(kma.SFCTM2, with_temperatures(body_for(10).body, {108: "75.0"}))
    with at(10):
        out, err = fetch()  # exit 0: fifteen stations are on the ticker
    ten = NINE + timedelta(hours=1)
    assert Observation.objects.filter(observed_at=ten).count() == 15
    assert (stored("서울").observed_at, stored("서울").temperature) == (NINE, Decimal("-5.3"))
    [line] = [line for line in out.splitlines() if line.startswith("서울(108)")]
    assert line.startswith("서울(108) 맑음 75.0℃ 01-15 10:00 거부 (기온(℃): ")
    assert "60.0" in line
    assert out.splitlines()[-1].endswith("자료 없음 0곳, 값 거부 1곳(서울).")
    assert "15곳 새로 저장" in out.splitlines()[-1]
    [warning] = err.splitlines()
    assert warning.startswith("서울(108): 기상청 값을 받지 않았습니다 - 기온(℃): ")
    run = FetchRun.objects.latest("pk")
    assert (run.outcome, run.stored) == ("ok", 15)
    assert "서울(108): 기상청 값을 받지 않았습니다" in run.message


def test_a_value_refused_by_the_model_is_not_stored_in_a_dry_run_either(kma_server):
    hot = with_temperatures(payload("sfctm2_ok.txt"), {108: "75.0", 184: "4.25"})
    kma_server.reply(kma.SFCTM2, hot)
    with at(9):
        out, _ = fetch("--dry-run")
    assert "서울(108) 맑음 75.0℃ 01-15 09:00 거부 (기온(℃): " in out
    assert "제주(184) 흐림 4.25℃ 01-15 09:00 거부 (기온(℃): " in out  # not rounded to 4.3
    assert "14곳 저장 예정" in out
    assert Observation.objects.count() == 0


def test_when_every_station_is_refused_nothing_is_stored_and_it_exits_7(kma_server):
    everyone = dict.fromkeys((98, 105, 108, 133, 143, 152, 156, 159), "75.0")
    everyone |= dict.fromkeys((172, 184, 201, 226, 238, 259, 283, 294), "-75.0")
    kma_server.reply(kma.SFCTM2, with_temperatures(payload("sfctm2_ok.txt"), everyone))
    with at(9):
        error = fetch_fails()
    assert error.returncode == kma.KmaRefusedError.exit_code == 7
    assert "\n" not in str(error)
    message = "관측값 거부: 16곳의 값이 모두 잘못되어 아무것도 저장하지 않았습니다"
    assert str(error).startswith(message)
    assert "동두천, 강릉, 서울" in str(error)
    assert Observation.objects.count() == 0
    assert FetchRun.objects.get().outcome == "transient"


def test_a_request_refused_as_invalid_exits_1(kma_server):
    kma_server.reply(kma.SFCTM2, "bare_result_10.json")
    with at(9):
        assert fetch_fails().returncode == 1
    assert len(kma_server.calls(kma.SFCTM2)) == 1


def test_dry_run_prints_what_it_would_store_and_stores_nothing(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        out, _ = fetch("--dry-run")
    assert Observation.objects.count() == 0
    assert FetchRun.objects.count() == 0
    assert "고창(172) 눈 -1.5℃ 01-15 09:00 저장 예정" in out
    assert "16곳 저장 예정 (시험 실행: 저장하지 않음)" in out


def test_verbosity_0_is_silent_on_success_but_not_on_failure(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        assert fetch(verbosity=0) == ("", "")
    kma_server.replies.clear()
    kma_server.reply(kma.SFCTM2, "apihub_401.json", status=401)
    with at(10), pytest.raises(CommandError):
        fetch(verbosity=0)


def test_exit_code_and_message_reach_the_shell(kma_server, capsys, monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's connection
    kma_server.reply(kma.SFCTM2, "apihub_401.json", status=401)
    with at(9), pytest.raises(SystemExit) as caught:
        Command().run_from_argv(["manage.py", "fetch_weather"])
    assert caught.value.code == 3
    err = capsys.readouterr().err
    assert "인증키 오류: kma_sfctm2.php (HTTP 401)" in err
    assert SECRET not in err


def test_the_key_is_never_printed(kma_server, settings):
    echo = f'{{"result":{{"status":500,"message":"authKey={SECRET}"}}}}'.encode()
    kma_server.reply(kma.SFCTM2, Reply(body=echo, status=500))
    with at(9):
        error = fetch_fails()
    assert SECRET not in str(error)
    assert SECRET not in FetchRun.objects.get().message


def test_a_desk_entry_stands_until_a_newer_observation_arrives(
    kma_server, django_capture_on_commit_callbacks
):
    seoul = Station.objects.get(name="서울")
    Observation.objects.create(
        station=seoul,
        observed_at=NINE,
        temperature="-4.0",
        condition=Condition.OVERCAST,
        source="desk",
    )
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        out, _ = fetch()
        assert "서울 -4.0℃" in [e.text.split(" ", 1)[1] for e in ticker_entries()]
    assert "서울(108) 흐림 -4.0℃ 01-15 09:00 데스크 입력 유지" in out
    assert "데스크 입력 유지 1곳" in out
    assert (stored("서울").temperature, stored("서울").source) == (Decimal("-4.0"), "desk")
    kma_server.replies.clear()
    kma_server.reply(kma.SFCTM2, body_for(10))
    with at(10):
        with django_capture_on_commit_callbacks(execute=True):
            fetch()
        assert "맑음 서울 -5.3℃" in [e.text for e in ticker_entries()]
    assert stored("서울").source == "kma"


def test_a_station_missing_from_the_answer_keeps_its_last_observation(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    kma_server.replies.clear()
    rows = [line for line in body_for(10).body.splitlines() if b" 184 " not in line]
    kma_server.reply(kma.SFCTM2, Reply(body=b"\n".join(rows)))
    with at(10):
        out, _ = fetch()
        texts = [entry.text for entry in ticker_entries()]
    assert "제주(184) 자료 없음 - 이번 응답에 이 지점이 없습니다" in out
    assert "흐림 제주 4.2℃" in texts
    assert stored("제주").observed_at == NINE


def test_observations_older_than_the_keep_days_are_pruned(kma_server, settings):
    settings.WEATHER_KEEP_DAYS = 30
    seoul = Station.objects.get(name="서울")
    old = Observation.objects.create(
        station=seoul, observed_at=NINE - timedelta(days=31), temperature="1.0", source="kma"
    )
    kept = Observation.objects.create(
        station=seoul, observed_at=NINE - timedelta(days=29), temperature="1.0", source="kma"
    )
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    assert not Observation.objects.filter(pk=old.pk).exists()
    assert Observation.objects.filter(pk=kept.pk).exists()


# --- The optional fallback --------------------------------------------------------------------


@pytest.fixture
def fallback(kma_server, settings):
    settings.KMA_FALLBACK_SERVICE_KEY = "fallback-key"
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    return kma_server


def test_fallback_completes_a_missing_cloud_amount(fallback):
    fallback.reply(kma.NOWCAST, "ncst_ok.json")
    fallback.reply(kma.FORECAST, "fcst_ok.json")
    with at(9):
        out, _ = fetch()
    gangjin = stored("강진군")
    assert (gangjin.condition, gangjin.temperature, gangjin.source) == (
        Condition.MOSTLY_CLOUDY,
        Decimal("0.3"),  # the station's own temperature stays
        "kma_fallback",
    )
    [nowcast] = fallback.calls(kma.NOWCAST)  # only the station that needed it
    assert (nowcast["nx"], nowcast["ny"]) == (["57"], ["63"])
    assert len(fallback.calls(kma.FORECAST)) == 1
    assert "강진군(259) 구름많음 0.3℃ 01-15 09:00 저장 (초단기 예보로 보완)" in out
    assert stored("서울").source == "kma"


def test_fallback_nowcast_not_yet_issued_steps_back_one_hour(fallback):
    fallback.reply(kma.NOWCAST, "no_data_03.json", "ncst_ok.json")
    fallback.reply(kma.FORECAST, "fcst_ok.json")
    with at(9):
        fetch()
    assert [q["base_time"] for q in fallback.calls(kma.NOWCAST)] == [["0900"], ["0800"]]
    assert stored("강진군").condition == Condition.MOSTLY_CLOUDY


def test_fallback_failure_is_a_warning_and_the_temperature_is_kept(fallback):
    fallback.reply(kma.NOWCAST, "gateway_30.xml")
    with at(9):
        out, err = fetch()
    assert "강진군: 보조 자료를 받지 못했습니다. 인증키 오류" in err
    assert "fallback-key" not in err
    gangjin = stored("강진군")
    assert (gangjin.condition, gangjin.temperature, gangjin.source) == ("", Decimal("0.3"), "kma")


def test_deeply_nested_json_from_the_fallback_is_one_warning_line(fallback):
    fallback.reply(kma.NOWCAST, Reply(body=b"[" * 100_000, content_type="application/json"))
    with at(9):
        out, err = fetch()
    assert err.splitlines() == [
        "강진군: 보조 자료를 받지 못했습니다. "
        "응답 형식 오류: getUltraSrtNcst 응답을 JSON으로 읽을 수 없습니다."
    ]
    assert Observation.objects.count() == 16
    assert (stored("강진군").condition, stored("강진군").source) == ("", "kma")


def test_no_fallback_key_means_no_fallback_call(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        fetch()
    assert kma_server.calls(kma.NOWCAST) == []
    assert stored("강진군").condition == ""


# --- --every ----------------------------------------------------------------------------------


@pytest.fixture
def keep_test_connection(monkeypatch):
    """The loop recycles stale connections between runs; the test's one lives in a transaction."""
    monkeypatch.setattr(fetch_weather, "close_old_connections", lambda: None)


@pytest.mark.parametrize(
    "text,seconds", [("10m", 600), ("30s", 30), ("1h", 3600), ("45", 45), (" 5m ", 300)]
)
def test_every_accepts_seconds_minutes_and_hours(text, seconds):
    assert interval(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["0m", "ten", "10d", "-5m", ""])
def test_every_refuses_what_it_cannot_read(text):
    with pytest.raises(Exception, match="10m"):
        interval(text)


def test_every_keeps_fetching_until_stopped(kma_server, monkeypatch, keep_test_connection):
    naps = []

    def sleep(self, seconds):
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(Command, "sleep", sleep)
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        out, _ = fetch("--every", "10m")
    assert len(kma_server.calls(kma.SFCTM2)) == 2
    assert naps == [600, 600]
    assert out.startswith("600초마다 받습니다.")
    assert out.rstrip().endswith("멈췄습니다.")


def test_every_carries_on_after_a_transient_failure_but_stops_on_a_bad_key(
    kma_server, monkeypatch, keep_test_connection
):
    monkeypatch.setattr(Command, "sleep", lambda self, seconds: None)
    kma_server.reply(kma.SFCTM2, "maintenance.html", "maintenance.html", "apihub_401.json")
    with at(9), pytest.raises(CommandError) as caught:
        fetch("--every", "10m")
    assert caught.value.returncode == 3
    assert len(kma_server.calls(kma.SFCTM2)) == 3


def stop_after_two_naps(monkeypatch):
    naps = []

    def sleep(self, seconds):
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(Command, "sleep", sleep)
    return naps


def test_every_goes_on_after_a_malformed_answer_and_a_refused_value(
    kma_server, monkeypatch, keep_test_connection
):
    naps = stop_after_two_naps(monkeypatch)
    deep = Reply(body=b'{"a":' * 100_000, content_type="application/json")
    hot = with_temperatures(payload("sfctm2_ok.txt"), {108: "75.0"})
    kma_server.reply(kma.SFCTM2, deep, deep, hot)  # a try and its retry, then the next run
    with at(9):
        out, err = fetch("--every", "10m")
    assert len(naps) == 2
    assert len(kma_server.calls(kma.SFCTM2)) == 3
    assert Observation.objects.count() == 15
    first, second = err.splitlines()
    assert first.startswith("응답 형식 오류: kma_sfctm2.php (HTTP 200): JSON 응답이")
    assert second.startswith("서울(108): 기상청 값을 받지 않았습니다")
    assert out.rstrip().endswith("멈췄습니다.")


def test_every_logs_an_unexpected_error_in_one_line_and_goes_on(
    kma_server, monkeypatch, keep_test_connection
):
    naps = stop_after_two_naps(monkeypatch)
    prune, failures = services.observations_prune, []

    def prune_once_locked(**kwargs):
        if not failures:
            failures.append(1)
            raise OperationalError(f"database is locked\n(while fetching with {SECRET})")
        return prune(**kwargs)

    monkeypatch.setattr(services, "observations_prune", prune_once_locked)
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with at(9):
        out, err = fetch("--every", "10m")
    assert len(naps) == 2
    assert err.splitlines() == [
        "예상하지 못한 오류로 이번 수집을 건너뜁니다 "
        "(OperationalError: database is locked (while fetching with ***))."
    ]
    assert Observation.objects.count() == 16  # the second run stored them
    assert out.rstrip().endswith("멈췄습니다.")


# --- From the shell, as cron runs it ----------------------------------------------------------


@pytest.mark.django_db(databases=[])
def test_from_the_shell_quiet_success_prints_nothing_and_a_bad_key_exits_3(kma_server, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "KMA_", "WEATHER_", "REDIS_", "DATABASE_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'cron.sqlite3'}",
        WEATHER_API_URL=f"{kma_server.url}/api/typ01/url",
        KMA_SERVICE_KEY=SECRET,
        WEATHER_TIMEOUT="5",
        WEATHER_RETRY_BACKOFF="0",
    )

    def manage(*args):
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)

    assert manage("migrate", "-v", "0").returncode == 0
    hour = datetime.now(KST).replace(minute=0, second=0, microsecond=0)
    kma_server.reply(kma.SFCTM2, body_for(hour.hour, day=hour.strftime("%Y%m%d")))
    quiet = manage("fetch_weather", "-v", "0")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    loud = manage("fetch_weather")
    assert loud.returncode == 0
    assert "16곳 그대로" in loud.stdout
    kma_server.replies.clear()
    kma_server.reply(kma.SFCTM2, "apihub_401.json", status=401)
    refused = manage("fetch_weather", "-v", "0")
    assert refused.returncode == 3
    assert "인증키 오류: kma_sfctm2.php (HTTP 401)" in refused.stderr
    assert SECRET not in refused.stderr + refused.stdout
