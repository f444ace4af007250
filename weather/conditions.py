"""From KMA codes to our condition codes, and the ticker's text (shared/KMA.md §5.3). Pure.

Logic works on `Condition` codes; the Korean word is only the label, looked up when printed.
"""

from decimal import ROUND_HALF_UP, Decimal

from .models import Condition

THREE_STEP = "3step"
FOUR_STEP = "4step"
CLOUD_SCHEMES = (THREE_STEP, FOUR_STEP)

# WMO code table 4677 (present weather, manned station), the precipitation part.
_PRESENT_WEATHER = [
    (range(50, 68), Condition.RAIN),  # drizzle 50-59, rain 60-67 (incl. freezing)
    (range(68, 70), Condition.SLEET),  # rain or drizzle and snow
    (range(70, 80), Condition.SNOW),  # snow, snow grains, ice pellets
    (range(80, 83), Condition.SHOWER),  # rain showers
    (range(83, 85), Condition.SLEET),  # showers of rain and snow
    (range(85, 87), Condition.SNOW),  # snow showers
    (range(87, 100), Condition.SHOWER),  # hail showers and thunderstorms
]

# 초단기 실황/예보 precipitation type (PTY) and sky (SKY) codes.
_PTY = {
    1: Condition.RAIN,
    2: Condition.SLEET,
    3: Condition.SNOW,
    4: Condition.SHOWER,
    5: Condition.DRIZZLE,
    6: Condition.DRIZZLE_SNOW,
    7: Condition.SNOW_FLURRY,
}
_SKY = {1: Condition.CLEAR, 3: Condition.MOSTLY_CLOUDY, 4: Condition.OVERCAST}

_LABELS = dict(Condition.choices)


def condition_from_present_weather(code: int | None) -> Condition | None:
    """The precipitation condition for a GTS present-weather code (WC), or None when it is dry."""
    if code is None:
        return None
    for codes, condition in _PRESENT_WEATHER:
        if code in codes:
            return condition
    return None


def condition_from_cloud_amount(
    tenths: int | None, *, scheme: str = THREE_STEP
) -> Condition | None:
    """The sky condition for total cloud amount in tenths (CA_TOT); None when not observed."""
    if tenths is None or not 0 <= tenths <= 10:
        return None
    if scheme == FOUR_STEP:
        if tenths <= 2:
            return Condition.CLEAR
        if tenths <= 5:
            return Condition.PARTLY_CLOUDY
    elif scheme != THREE_STEP:
        raise ValueError(f"unknown cloud scheme {scheme!r}; use one of {CLOUD_SCHEMES}")
    elif tenths <= 5:
        return Condition.CLEAR
    if tenths <= 8:
        return Condition.MOSTLY_CLOUDY
    return Condition.OVERCAST


def condition_for_station(
    *, present_weather: int | None, cloud_amount: int | None, scheme: str = THREE_STEP
) -> Condition | None:
    """Precipitation first, then the cloud amount; None rather than a guess."""
    return condition_from_present_weather(present_weather) or condition_from_cloud_amount(
        cloud_amount, scheme=scheme
    )


def condition_from_grid(*, pty: int | None, sky: int | None) -> Condition | None:
    """The fallback source's condition: precipitation type first, then the sky code."""
    if pty is not None and pty in _PTY:
        return _PTY[pty]
    if sky is None:
        return None
    return _SKY.get(sky)


def format_temperature(value: Decimal | float | str) -> str:
    """One decimal and ℃; -0.0 prints as 0.0."""
    temp = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if temp == 0:
        temp = Decimal("0.0")
    return f"{temp}℃"


def condition_label(condition: str) -> str:
    """The Korean word for a condition code ("" for none). A value that is not a code is shown
    as it is, as Django's get_FOO_display() does."""
    return _LABELS.get(condition, condition)


def ticker_text(*, condition: str, name: str, temp: Decimal | float | str) -> str:
    """`맑음 동두천 -8.1℃` for the code `clear`, or `강진군 0.3℃` when the condition is unknown."""
    text = f"{name} {format_temperature(temp)}"
    return f"{condition_label(condition)} {text}" if condition else text
