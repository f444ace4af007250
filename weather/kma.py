"""KMA's web services: one function per endpoint, an explicit timeout, the key from settings.

Every failure is raised as a KmaError subclass whose message never carries the key or a URL
with the key in it (see shared/KMA.md §2 for the formats and error shapes).
"""

import json
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from http.client import HTTPException
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from django.conf import settings

KST = ZoneInfo("Asia/Seoul")
SFCTM2 = "kma_sfctm2.php"
NOWCAST = "getUltraSrtNcst"
FORECAST = "getUltraSrtFcst"
SFCTM2_COLUMNS = 46
MAX_BODY_BYTES = 2 * 1024 * 1024
ERROR_BODY_BYTES = 64 * 1024
USER_AGENT = "newsroom-weather/1.0"


class KmaError(Exception):
    """A KMA call failed. Subclasses say whether to retry; exit_code is fetch_weather's."""

    exit_code = 1
    outcome = "error"
    label = "요청 오류"

    def __str__(self):
        text = f"{self.label}: {self.args[0]}" if self.args else self.label
        return " ".join(text.split())  # one line, whatever the server put in its message


class KmaAuthError(KmaError):
    """Bad, expired or unapproved key (401/403, data.go.kr 20, 21, 30-33). Do not retry."""

    exit_code = 3
    outcome = "auth"
    label = "인증키 오류"


class KmaQuotaError(KmaError):
    """Daily call limit reached (429, data.go.kr 22). Stop until the next day."""

    exit_code = 4
    outcome = "quota"
    label = "호출 한도 초과"


class KmaNotYetError(KmaError):
    """The hour asked for is not published yet (03 NO_DATA, or a body with no rows)."""

    exit_code = 5
    outcome = "not_yet"
    label = "아직 발표 전"


class KmaTransientError(KmaError):
    """Timeout, 5xx, maintenance page, malformed body: worth one more try a little later."""

    exit_code = 6
    outcome = "transient"
    label = "일시 오류"


class KmaFormatError(KmaTransientError):
    """The body did not have the documented shape (truncated, wrong columns, not JSON, nested
    too deeply to read)."""

    label = "응답 형식 오류"


class KmaRefusedError(KmaFormatError):
    """Every station's value in the answer failed Observation's validators (75.0 ℃, a time in
    the future …), so nothing could be stored. Raised by services.observations_refresh; when
    only some stations fail, they are refused one by one and the run succeeds."""

    exit_code = 7
    label = "관측값 거부"


@dataclass(frozen=True)
class AsosRow:
    """One station's hourly observation from kma_sfctm2.php; None where KMA sent 'missing'."""

    stn_id: int
    observed_at: datetime
    temperature: Decimal | None
    cloud_amount: int | None
    present_weather: int | None
    domestic_weather: str


@dataclass(frozen=True)
class GridValues:
    """One grid cell's 초단기 values by category (T1H, PTY, SKY …) at one time."""

    base: datetime
    at: datetime
    values: dict[str, Decimal]

    def code(self, category: str) -> int | None:
        value = self.values.get(category)
        return None if value is None else int(value)


# --- Endpoints ------------------------------------------------------------------------------


def station_observations(*, hour: datetime, stations: Sequence[int]) -> dict[int, AsosRow]:
    """API Hub kma_sfctm2.php: every listed ASOS station's observation for one hour (KST)."""
    key = settings.KMA_SERVICE_KEY
    if not key:
        raise KmaAuthError("KMA_SERVICE_KEY가 설정되지 않았습니다.")
    params = {
        "tm": hour.astimezone(KST).strftime("%Y%m%d%H00"),
        "stn": ":".join(str(stn) for stn in stations),
        "help": "0",
        "authKey": key,
    }
    text = _get(base=settings.WEATHER_API_URL, endpoint=SFCTM2, params=params, secret=key)
    return parse_sfctm2(text)


def grid_nowcast(*, base: datetime, nx: int, ny: int) -> GridValues:
    """초단기실황 getUltraSrtNcst: the analysed values of one grid cell at base (HH00)."""
    items = _grid_items(endpoint=NOWCAST, base=base, nx=nx, ny=ny, rows=10)
    try:
        values = {item["category"]: _grid_value(item.get("obsrValue")) for item in items}
    except (KeyError, TypeError) as exc:
        raise KmaFormatError(f"{NOWCAST} 항목을 읽을 수 없습니다 ({type(exc).__name__}).") from None
    return GridValues(base=base, at=base, values=_present(values))


def grid_forecast(*, base: datetime, nx: int, ny: int) -> GridValues:
    """초단기예보 getUltraSrtFcst: one grid cell's forecast for its earliest hour (base HH30)."""
    items = _grid_items(endpoint=FORECAST, base=base, nx=nx, ny=ny, rows=60)
    try:
        first = min(item["fcstDate"] + item["fcstTime"] for item in items)
        at = datetime.strptime(first, "%Y%m%d%H%M").replace(tzinfo=KST)
        values = {
            item["category"]: _grid_value(item.get("fcstValue"))
            for item in items
            if item["fcstDate"] + item["fcstTime"] == first
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise KmaFormatError(
            f"{FORECAST} 항목을 읽을 수 없습니다 ({type(exc).__name__})."
        ) from None
    return GridValues(base=base, at=at, values=_present(values))


def nowcast_base(hour: datetime) -> datetime:
    """getUltraSrtNcst's base time for an observed hour: that hour (HH00, KST)."""
    return hour.astimezone(KST).replace(minute=0, second=0, microsecond=0)


def forecast_base(hour: datetime) -> datetime:
    """getUltraSrtFcst's base time whose first forecast hour is `hour`: HH30 the hour before."""
    return nowcast_base(hour) - timedelta(minutes=30)


# --- Parsing --------------------------------------------------------------------------------


def parse_sfctm2(text: str) -> dict[int, AsosRow]:
    """The fixed-width kma_sfctm2.php body: #START7777, header lines, rows, #7777END."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("#START7777"):
        raise KmaFormatError(f"{SFCTM2} 응답이 #START7777로 시작하지 않습니다.")
    if not lines[-1].startswith("#7777END"):
        raise KmaFormatError(f"{SFCTM2} 응답이 #7777END 없이 끊겼습니다.")
    rows = {}
    for number, line in enumerate(lines[1:-1], start=2):
        if line.startswith("#"):
            continue
        tokens = line.split()
        if tokens[-1] == "=":
            tokens.pop()
        elif tokens[-1].endswith("="):
            tokens[-1] = tokens[-1][:-1]
        if len(tokens) != SFCTM2_COLUMNS:
            raise KmaFormatError(
                f"{SFCTM2} {number}번째 줄의 열이 {len(tokens)}개입니다 "
                f"({SFCTM2_COLUMNS}개여야 함)."
            )
        try:
            row = AsosRow(
                stn_id=int(tokens[1]),
                observed_at=datetime.strptime(tokens[0], "%Y%m%d%H%M").replace(tzinfo=KST),
                temperature=_temperature(tokens[11]),
                cloud_amount=_code(tokens[25], upper=10),
                present_weather=_code(tokens[22], upper=99),
                domestic_weather="" if tokens[24] == "-" else tokens[24],
            )
        except (ValueError, InvalidOperation):
            raise KmaFormatError(f"{SFCTM2} {number}번째 줄의 값을 읽을 수 없습니다.") from None
        rows[row.stn_id] = row
    return rows


def _temperature(token: str) -> Decimal | None:
    """TA, or None when missing. KMA documents -99.0; live bodies have also been seen with the
    generic -9.0. A real -9.0 is rare, and skipping it only keeps the previous hour on show."""
    value = _number(token)
    if value <= -90 or abs(value) >= 900 or value == Decimal("-9.0"):
        return None
    return value


def _code(token: str, *, upper: int) -> int | None:
    if token in ("-", ""):
        return None
    value = _number(token)
    # Range first: int() of a token like 1e999999 would take hours.
    return int(value) if 0 <= value <= upper else None


def _number(token: str) -> Decimal:
    """A numeric column; NaN and Infinity are no more a number there than 'abc' is."""
    value = Decimal(token)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {token!r}")
    return value


def _grid_value(raw) -> Decimal | None:
    try:
        value = _number(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return None if abs(value) >= 900 else value  # sea and out-of-grid cells send -999 / -998.9


def _present(values: dict[str, Decimal | None]) -> dict[str, Decimal]:
    return {category: value for category, value in values.items() if value is not None}


def _grid_items(*, endpoint: str, base: datetime, nx: int, ny: int, rows: int) -> list[dict]:
    key = settings.KMA_FALLBACK_SERVICE_KEY
    if not key:
        raise KmaAuthError("KMA_FALLBACK_SERVICE_KEY가 설정되지 않았습니다.")
    base = base.astimezone(KST)
    params = {
        _key_parameter(settings.KMA_FALLBACK_API_URL): key,
        "pageNo": "1",
        "numOfRows": str(rows),
        "dataType": "JSON",
        "base_date": base.strftime("%Y%m%d"),
        "base_time": base.strftime("%H%M"),
        "nx": str(nx),
        "ny": str(ny),
    }
    text = _get(base=settings.KMA_FALLBACK_API_URL, endpoint=endpoint, params=params, secret=key)
    try:
        data = _json(text)
    except ValueError:
        raise KmaFormatError(f"{endpoint} 응답을 JSON으로 읽을 수 없습니다.") from None
    try:
        items = data["response"]["body"]["items"]["item"]
    except (KeyError, TypeError):
        raise KmaFormatError(f"{endpoint} 응답에 items.item이 없습니다.") from None
    if not isinstance(items, list) or not items:
        raise KmaNotYetError(f"{endpoint} {base:%Y-%m-%d %H:%M} 자료가 비어 있습니다.")
    return items


def _json(text: str):
    """json.loads, where nesting too deep to read is as malformed as a missing bracket."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _key_parameter(base_url: str) -> str:
    """API Hub takes authKey; data.go.kr takes serviceKey (its decoded form)."""
    return "authKey" if "apihub.kma.go.kr" in base_url else "serviceKey"


# --- HTTP and the error shapes ----------------------------------------------------------------


def _get(*, base: str, endpoint: str, params: dict[str, str], secret: str) -> str:
    """GET base/endpoint?params; return the body as text or raise a classified KmaError."""
    url = f"{base.rstrip('/')}/{endpoint}?{urlencode(params, safe=':')}"
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    timeout = float(settings.WEATHER_TIMEOUT)
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
            raw = _read(response, deadline=deadline, endpoint=endpoint)
    except urllib.error.HTTPError as exc:
        status = exc.code  # says enough on its own when the body is slow, long or broken
        try:
            raw = _read(exc, deadline=deadline, endpoint=endpoint, limit=ERROR_BODY_BYTES)
        except (OSError, HTTPException, KmaFormatError):
            raw = b""
        finally:
            exc.close()
    except TimeoutError:
        raise KmaTransientError(f"{endpoint}: {timeout:g}초 안에 응답이 오지 않았습니다.") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise KmaTransientError(
                f"{endpoint}: {timeout:g}초 안에 응답이 오지 않았습니다."
            ) from None
        detail = _redact(str(reason), secret)
        raise KmaTransientError(f"{endpoint}: 서버에 연결할 수 없습니다 ({detail}).") from None
    except (OSError, HTTPException) as exc:
        raise KmaTransientError(
            f"{endpoint}: 응답을 끝까지 받지 못했습니다 ({type(exc).__name__})."
        ) from None
    text = _decode(raw)
    _raise_for_error(status=status, text=text, endpoint=endpoint, secret=secret)
    return text


def _read(response, *, deadline: float, endpoint: str, limit: int = MAX_BODY_BYTES) -> bytes:
    """Read the whole body, but never past the request's deadline (TimeoutError) or limit."""
    chunks, size = [], 0
    while chunk := response.read1(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise KmaFormatError(f"{endpoint}: 응답이 너무 큽니다 ({size:,}바이트 이상).")
        if time.monotonic() > deadline:
            raise TimeoutError
    return b"".join(chunks)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp949", errors="replace")  # API Hub's text bodies are CP949


def redact_keys(text: str) -> str:
    """text with both configured keys blanked out, for messages that did not come from here."""
    for secret in (settings.KMA_SERVICE_KEY, settings.KMA_FALLBACK_SERVICE_KEY):
        text = _redact(text, secret)
    return text


def _redact(text: str, secret: str) -> str:
    if secret:
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, "***")
    return text


def _raise_for_error(*, status: int, text: str, endpoint: str, secret: str) -> None:
    body = text.strip()
    code, message = _error_in_body(body)
    message = _redact(message, secret)[:200]
    where = f"{endpoint} (HTTP {status})"
    if status in (401, 403):
        raise KmaAuthError(
            f"{where}: 인증키가 유효하지 않거나 승인되지 않았습니다. {message}".strip()
        )
    if status == 429:
        raise KmaQuotaError(f"{where}: 오늘 호출 한도를 넘었습니다. {message}".strip())
    if status >= 500:
        raise KmaTransientError(f"{where}: 기상청 서버 오류입니다. {message}".strip())
    if code is not None:
        _raise_for_code(code=code, where=where, message=message)
    if body[:1] == "<":
        raise KmaTransientError(f"{where}: 자료 대신 HTML 페이지가 왔습니다 (점검 중일 수 있음).")
    if status >= 400:
        raise KmaError(f"{where}: 요청이 거절되었습니다. {message}".strip())
    if not body:
        raise KmaFormatError(f"{where}: 빈 응답입니다.")
    if body[:1] in "{[" and code is None and message:
        raise KmaFormatError(f"{where}: {message}")


def _raise_for_code(*, code: str, where: str, message: str) -> None:
    """data.go.kr result codes (and API Hub's result.status), see shared/KMA.md §2d."""
    text = f"{where}: 코드 {code} {message}".strip()
    if code in ("00", "200"):
        return
    if code == "03":
        raise KmaNotYetError(text)
    if code in ("20", "21", "30", "31", "32", "33", "401", "403"):
        raise KmaAuthError(text)
    if code in ("22", "429") or "초과" in message or "한도" in message:
        raise KmaQuotaError(text)
    if code in ("10", "11", "12", "400", "404"):
        raise KmaError(text)
    raise KmaTransientError(text)


def _error_in_body(body: str) -> tuple[str | None, str]:
    """(code, message) from any KMA error envelope in the body; (None, "") for data."""
    if body[:1] == "{":
        try:
            data = _json(body)
        except ValueError:
            return None, "JSON 응답이 끊겼거나 깨졌거나 너무 깊게 중첩되어 읽을 수 없습니다."
        if not isinstance(data, dict):
            return None, "알 수 없는 JSON 응답입니다."
        return _error_in_json(data)
    if body.startswith("<") and ("OpenAPI_ServiceResponse" in body or "<resultCode>" in body):
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            return None, ""
        code = root.findtext(".//returnReasonCode") or root.findtext(".//resultCode")
        message = " ".join(
            part
            for part in (
                root.findtext(".//returnAuthMsg"),
                root.findtext(".//errMsg"),
                root.findtext(".//resultMsg"),
            )
            if part
        )
        return (code.strip() if code else None), message
    return None, ""


def _error_in_json(data: dict) -> tuple[str | None, str]:
    if isinstance(data.get("result"), dict):  # API Hub: {"result":{"status":401,"message":"…"}}
        result = data["result"]
        return str(result.get("status", "")), str(result.get("message", ""))
    gateway = data.get("OpenAPI_ServiceResponse")
    if isinstance(gateway, dict) and isinstance(gateway.get("cmmMsgHeader"), dict):
        header = gateway["cmmMsgHeader"]  # data.go.kr gateway, JSON flavour
        message = " ".join(str(header.get(k, "")) for k in ("returnAuthMsg", "errMsg")).strip()
        return str(header.get("returnReasonCode", "")).strip() or None, message
    if "resultCode" in data:  # a bare header without the response wrapper
        return str(data["resultCode"]), str(data.get("resultMsg", ""))
    header = (
        data.get("response", {}).get("header") if isinstance(data.get("response"), dict) else None
    )
    if isinstance(header, dict):
        return str(header.get("resultCode", "")), str(header.get("resultMsg", ""))
    return None, "알 수 없는 JSON 응답입니다."
