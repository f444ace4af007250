"""The KMA client against a local server: formats, every error shape, timeouts, the key kept out."""

import time
from datetime import datetime
from decimal import Decimal

import pytest

from weather import kma

from .conftest import SECRET, Reply, payload

NINE = datetime(2025, 1, 15, 9, 0, tzinfo=kma.KST)
STATIONS = [98, 105, 108, 133, 143, 152, 156, 159, 172, 184, 201, 226, 238, 259, 283, 294]


def fetch():
    return kma.station_observations(hour=NINE, stations=STATIONS)


def test_one_request_asks_for_every_station_and_the_hour(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    fetch()
    [query] = kma_server.calls(kma.SFCTM2)
    assert query["tm"] == ["202501150900"]
    assert query["stn"] == [":".join(str(stn) for stn in STATIONS)]
    assert query["authKey"] == [SECRET]
    assert query["help"] == ["0"]


def test_success_body_is_parsed_into_one_row_per_station(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    rows = fetch()
    assert sorted(rows) == STATIONS
    assert rows[98] == kma.AsosRow(
        stn_id=98,
        observed_at=NINE,
        temperature=Decimal("-8.1"),
        cloud_amount=0,
        present_weather=None,
        domestic_weather="",
    )
    assert (rows[172].present_weather, rows[172].cloud_amount) == (71, 10)  # 고창: snow
    assert rows[259].cloud_amount is None  # 강진군: cloud amount not observed
    assert rows[226].temperature == Decimal("-9.4")


def test_real_captured_body_reads_temperature_and_clouds(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_real_108.txt")
    row = kma.station_observations(hour=NINE, stations=[108])[108]
    assert row.observed_at == datetime(2026, 6, 10, 9, 0, tzinfo=kma.KST)
    assert (row.temperature, row.cloud_amount, row.present_weather) == (Decimal("20.9"), 5, None)


def test_missing_temperature_is_none_not_a_number():
    body = payload("sfctm2_ok.txt").decode("cp949")
    body = body.replace("  -8.1 -14.0", " -99.0 -14.0").replace("  -1.2 -15.3", "  -9.0 -15.3")
    rows = kma.parse_sfctm2(body)
    assert rows[98].temperature is None
    assert rows[105].temperature is None


def test_a_row_with_the_wrong_number_of_columns_is_a_format_error():
    body = payload("sfctm2_ok.txt").decode("cp949").replace(" 3  5\n", " 3\n", 1)
    with pytest.raises(kma.KmaFormatError, match="45개"):
        kma.parse_sfctm2(body)


def test_trailing_equals_sign_is_tolerated():
    body = payload("sfctm2_real_108.txt").decode().replace("  3  1\n", "  3  1=\n")
    assert kma.parse_sfctm2(body)[108].temperature == Decimal("20.9")


@pytest.mark.parametrize("value", ["Infinity", "NaN", "-Infinity"])
@pytest.mark.parametrize("column", [11, 22, 25])  # temperature, present weather, cloud amount
def test_a_value_that_is_not_a_finite_number_is_a_format_error(value, column):
    lines = payload("sfctm2_real_108.txt").decode().splitlines()
    row = next(n for n, line in enumerate(lines) if line.strip() and not line.startswith("#"))
    tokens = lines[row].split()
    tokens[column] = value
    lines[row] = " ".join(tokens)
    with pytest.raises(kma.KmaFormatError):
        kma.parse_sfctm2("\n".join(lines))


def test_empty_hour_returns_no_rows(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_empty_hour.txt")
    assert fetch() == {}


@pytest.mark.parametrize(
    "fixture,status,error",
    [
        ("apihub_401.json", 401, kma.KmaAuthError),
        ("apihub_401.json", 200, kma.KmaAuthError),
        ("apihub_403.json", 403, kma.KmaAuthError),
        ("gateway_30.xml", 200, kma.KmaAuthError),
        ("gateway_30.json", 403, kma.KmaAuthError),
        ("gateway_30.json", 200, kma.KmaAuthError),
        ("gateway_22.xml", 200, kma.KmaQuotaError),
        ("gateway_22.xml", 429, kma.KmaQuotaError),
        ("no_data_03.json", 200, kma.KmaNotYetError),
        ("db_error_02.json", 200, kma.KmaTransientError),
        ("bare_result_10.json", 200, kma.KmaError),
        ("maintenance.html", 200, kma.KmaTransientError),
        ("maintenance.html", 503, kma.KmaTransientError),
        ("sfctm2_ok.txt", 502, kma.KmaTransientError),
    ],
)
def test_each_error_shape_is_classified(kma_server, fixture, status, error):
    kma_server.reply(kma.SFCTM2, fixture, status=status)
    with pytest.raises(error) as caught:
        fetch()
    assert type(caught.value) is error
    assert SECRET not in str(caught.value)


def test_error_classes_carry_distinct_exit_codes():
    classes = [kma.KmaError, kma.KmaAuthError, kma.KmaQuotaError, kma.KmaNotYetError]
    codes = [cls.exit_code for cls in [*classes, kma.KmaTransientError, kma.KmaRefusedError]]
    assert len(set(codes)) == len(codes) and 0 not in codes
    assert kma.KmaFormatError.exit_code == kma.KmaTransientError.exit_code


def test_auth_error_message_says_what_is_wrong_in_korean(kma_server):
    kma_server.reply(kma.SFCTM2, "apihub_401.json", status=401)
    with pytest.raises(kma.KmaAuthError) as caught:
        fetch()
    assert str(caught.value).startswith("인증키 오류: kma_sfctm2.php (HTTP 401)")
    assert "유효한 인증키가 아닙니다." in str(caught.value)


def test_body_cut_short_is_a_format_error(kma_server):
    body = payload("sfctm2_ok.txt")
    kma_server.reply(kma.SFCTM2, Reply(body=body[: len(body) // 2]))
    with pytest.raises(kma.KmaFormatError, match="끊겼"):
        fetch()


def test_connection_closed_before_the_promised_length_is_transient(kma_server):
    body = payload("sfctm2_ok.txt")
    kma_server.reply(kma.SFCTM2, Reply(body=body[:1000], claimed_length=len(body)))
    with pytest.raises(kma.KmaTransientError):
        fetch()


def test_truncated_json_is_a_format_error(kma_server):
    body = payload("no_data_03.json")[:30]
    kma_server.reply(kma.SFCTM2, Reply(body=body, content_type="application/json"))
    with pytest.raises(kma.KmaFormatError):
        fetch()


def test_empty_body_is_a_format_error(kma_server):
    kma_server.reply(kma.SFCTM2, Reply(body=b""))
    with pytest.raises(kma.KmaFormatError, match="빈 응답"):
        fetch()


def test_slow_server_times_out(kma_server):
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt", delay=6)
    started = time.monotonic()
    with pytest.raises(kma.KmaTransientError, match="0.5초 안에 응답이 오지 않았습니다"):
        fetch()
    assert time.monotonic() - started < 4  # gave up long before the server answered


def test_a_server_that_drips_its_body_is_cut_off_at_the_timeout(kma_server):
    # Each byte arrives well within the socket timeout; the whole body never would.
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt", trickle=0.05)
    started = time.monotonic()
    with pytest.raises(kma.KmaTransientError, match="응답이 오지 않았습니다"):
        fetch()
    assert time.monotonic() - started < 4  # the whole body would take far longer


def test_an_error_body_that_drips_is_cut_off_at_the_same_deadline(kma_server):
    # A 500 whose body arrives one byte at a time: the status already says what happened.
    body = b'{"result":{"status":500,"message":"' + b"x" * 200 + b'"}}'
    kma_server.reply(kma.SFCTM2, Reply(body=body, status=500, trickle=0.05))
    started = time.monotonic()
    with pytest.raises(kma.KmaTransientError, match="기상청 서버 오류입니다"):
        fetch()
    assert time.monotonic() - started < 0.5 + 0.5  # WEATHER_TIMEOUT and a little slack


def test_a_dripping_error_body_still_says_the_key_is_bad(kma_server):
    kma_server.reply(kma.SFCTM2, "apihub_401.json", status=401, trickle=0.05)
    started = time.monotonic()
    with pytest.raises(kma.KmaAuthError):
        fetch()
    assert time.monotonic() - started < 0.5 + 0.5


@pytest.mark.parametrize("body", [b'{"a":' * 100_000, b'{"result":' + b"[" * 100_000])
def test_deeply_nested_json_is_a_format_error(kma_server, body):
    kma_server.reply(kma.SFCTM2, Reply(body=body, content_type="application/json"))
    with pytest.raises(kma.KmaFormatError) as caught:
        fetch()
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "body", [b'{"OpenAPI_ServiceResponse":{"cmmMsgHeader":5}}', b'{"response":{"header":[]}}']
)
def test_an_error_envelope_of_the_wrong_shape_is_a_format_error(kma_server, body):
    kma_server.reply(kma.SFCTM2, Reply(body=body, content_type="application/json"))
    with pytest.raises(kma.KmaFormatError, match="알 수 없는 JSON 응답"):
        fetch()


def test_an_error_message_with_line_breaks_is_one_line(kma_server):
    body = '{"result":{"status":500,"message":"첫째 줄\\n둘째 줄\\r\\n셋째"}}'.encode()
    kma_server.reply(kma.SFCTM2, Reply(body=body, status=500))
    with pytest.raises(kma.KmaTransientError) as caught:
        fetch()
    assert str(caught.value).endswith("기상청 서버 오류입니다. 첫째 줄 둘째 줄 셋째")


@pytest.mark.parametrize("column", [22, 25])  # WW and CA: codes read as integers
def test_an_absurdly_large_code_is_missing_and_read_at_once(column):
    line = payload("sfctm2_ok.txt").decode("cp949").splitlines()[4]
    tokens = line.split()
    tokens[column] = "1e999999"  # int() of it would take hours
    text = "\n".join(["#START7777", " ".join(tokens), "#7777END"])
    started = time.monotonic()
    [row] = kma.parse_sfctm2(text).values()
    assert time.monotonic() - started < 1
    assert (row.present_weather if column == 22 else row.cloud_amount) is None


def test_nobody_listening_is_transient(kma_server, settings):
    settings.WEATHER_API_URL = "http://127.0.0.1:9/api"
    with pytest.raises(kma.KmaTransientError, match="연결할 수 없습니다"):
        fetch()


def test_missing_key_is_an_auth_error_without_a_call(kma_server, settings):
    settings.KMA_SERVICE_KEY = ""
    with pytest.raises(kma.KmaAuthError, match="KMA_SERVICE_KEY"):
        fetch()
    assert kma_server.requests == []


def test_the_key_never_appears_in_errors_even_when_the_server_echoes_it(kma_server):
    from urllib.parse import quote

    echo = f"<p>error for authKey={SECRET} ({quote(SECRET, safe='')})</p>".encode()
    kma_server.reply(kma.SFCTM2, Reply(body=b'{"result":{"status":500,"message":"' + echo + b'"}}'))
    with pytest.raises(kma.KmaError) as caught:
        fetch()
    assert SECRET not in str(caught.value)
    assert quote(SECRET, safe="") not in str(caught.value)
    assert "***" in str(caught.value)


# --- The fallback: 초단기 실황 / 예보 -----------------------------------------------------------


@pytest.fixture
def fallback(kma_server, settings):
    settings.KMA_FALLBACK_SERVICE_KEY = "fallback-key"
    return kma_server


def test_nowcast_reads_each_category_of_the_grid_cell(fallback):
    fallback.reply(kma.NOWCAST, "ncst_ok.json")
    values = kma.grid_nowcast(base=kma.nowcast_base(NINE), nx=57, ny=63)
    assert values.values["T1H"] == Decimal("0.6")
    assert values.code("PTY") == 0
    [query] = fallback.calls(kma.NOWCAST)
    assert query["base_date"] == ["20250115"] and query["base_time"] == ["0900"]
    assert (query["nx"], query["ny"]) == (["57"], ["63"])
    assert query["serviceKey"] == ["fallback-key"]
    assert query["dataType"] == ["JSON"]


def test_forecast_takes_the_earliest_hour(fallback):
    fallback.reply(kma.FORECAST, "fcst_ok.json")
    values = kma.grid_forecast(base=kma.forecast_base(NINE), nx=57, ny=63)
    assert values.at == NINE
    assert (values.code("SKY"), values.code("PTY")) == (3, 0)
    [query] = fallback.calls(kma.FORECAST)
    assert query["base_time"] == ["0830"]


@pytest.mark.parametrize(
    "hour,nowcast,forecast",
    [
        (datetime(2025, 1, 15, 9, 0, tzinfo=kma.KST), "20250115 0900", "20250115 0830"),
        (datetime(2025, 1, 15, 0, 0, tzinfo=kma.KST), "20250115 0000", "20250114 2330"),
    ],
)
def test_base_times_for_an_observed_hour(hour, nowcast, forecast):
    assert f"{kma.nowcast_base(hour):%Y%m%d %H%M}" == nowcast
    assert f"{kma.forecast_base(hour):%Y%m%d %H%M}" == forecast


def test_fallback_not_yet_issued_is_not_yet(fallback):
    fallback.reply(kma.NOWCAST, "no_data_03.json")
    with pytest.raises(kma.KmaNotYetError):
        kma.grid_nowcast(base=kma.nowcast_base(NINE), nx=57, ny=63)


def test_fallback_sea_cell_values_are_missing(fallback):
    body = payload("ncst_ok.json").replace(b'"obsrValue":"0.6"', b'"obsrValue":"-999"')
    fallback.reply(kma.NOWCAST, Reply(body=body, content_type="application/json"))
    values = kma.grid_nowcast(base=kma.nowcast_base(NINE), nx=57, ny=63)
    assert "T1H" not in values.values


def test_fallback_values_that_are_not_finite_numbers_are_missing(fallback):
    body = payload("ncst_ok.json").replace(b'"obsrValue":"0.6"', b'"obsrValue":"NaN"')
    fallback.reply(kma.NOWCAST, Reply(body=body, content_type="application/json"))
    values = kma.grid_nowcast(base=kma.nowcast_base(NINE), nx=57, ny=63)
    assert "T1H" not in values.values


def test_fallback_gateway_error_is_classified(fallback):
    fallback.reply(kma.NOWCAST, "gateway_30.xml")
    with pytest.raises(kma.KmaAuthError) as caught:
        kma.grid_nowcast(base=kma.nowcast_base(NINE), nx=57, ny=63)
    assert "fallback-key" not in str(caught.value)


def grid_body(items: str) -> bytes:
    head = '{"response":{"header":{"resultCode":"00","resultMsg":"NORMAL_SERVICE"},'
    return f'{head}"body":{{"items":{{"item":{items}}}}}}}}}'.encode()


@pytest.mark.parametrize(
    "endpoint,body",
    [
        (kma.NOWCAST, b"[" * 100_000),
        (kma.NOWCAST, grid_body('["T1H"]')),
        (kma.NOWCAST, grid_body('[{"obsrValue":"1"}]')),
        (kma.NOWCAST, grid_body('[{"category":[1],"obsrValue":"1"}]')),
        (kma.FORECAST, b"[" * 100_000),
        (kma.FORECAST, grid_body('["T1H"]')),
    ],
    ids=[
        "nowcast-deep",
        "nowcast-strings",
        "nowcast-no-category",
        "nowcast-list-category",
        "forecast-deep",
        "forecast-strings",
    ],
)
def test_fallback_answers_of_the_wrong_shape_are_format_errors(fallback, endpoint, body):
    fallback.reply(endpoint, Reply(body=body, content_type="application/json"))
    call = kma.grid_nowcast if endpoint == kma.NOWCAST else kma.grid_forecast
    with pytest.raises(kma.KmaFormatError):
        call(base=kma.nowcast_base(NINE), nx=57, ny=63)
