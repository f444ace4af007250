from decimal import Decimal

import pytest

from weather.conditions import (
    condition_for_station,
    condition_from_cloud_amount,
    condition_from_grid,
    condition_from_present_weather,
    condition_label,
    format_temperature,
    ticker_text,
)
from weather.models import Condition


@pytest.mark.parametrize(
    "tenths,condition",
    [
        (0, Condition.CLEAR),
        (5, Condition.CLEAR),
        (6, Condition.MOSTLY_CLOUDY),
        (8, Condition.MOSTLY_CLOUDY),
        (9, Condition.OVERCAST),
        (10, Condition.OVERCAST),
        (None, None),
        (-9, None),
        (11, None),
    ],
)
def test_three_step_cloud_scale_is_the_default(tenths, condition):
    assert condition_from_cloud_amount(tenths) == condition


@pytest.mark.parametrize(
    "tenths,condition",
    [
        (0, Condition.CLEAR),
        (2, Condition.CLEAR),
        (3, Condition.PARTLY_CLOUDY),
        (5, Condition.PARTLY_CLOUDY),
        (6, Condition.MOSTLY_CLOUDY),
        (8, Condition.MOSTLY_CLOUDY),
        (9, Condition.OVERCAST),
        (10, Condition.OVERCAST),
        (None, None),
    ],
)
def test_four_step_cloud_scale_adds_partly_cloudy(tenths, condition):
    assert condition_from_cloud_amount(tenths, scheme="4step") == condition


def test_an_unknown_cloud_scale_is_refused():
    with pytest.raises(ValueError, match="5step"):
        condition_from_cloud_amount(3, scheme="5step")


@pytest.mark.parametrize(
    "code,condition",
    [
        (None, None),
        (0, None),
        (10, None),  # mist: not precipitation
        (49, None),  # fog: not precipitation (안개 stays off by default)
        (50, Condition.RAIN),  # drizzle
        (59, Condition.RAIN),
        (60, Condition.RAIN),
        (67, Condition.RAIN),  # freezing rain
        (68, Condition.SLEET),
        (69, Condition.SLEET),
        (70, Condition.SNOW),
        (79, Condition.SNOW),
        (80, Condition.SHOWER),
        (82, Condition.SHOWER),
        (83, Condition.SLEET),
        (84, Condition.SLEET),
        (85, Condition.SNOW),
        (86, Condition.SNOW),
        (87, Condition.SHOWER),
        (95, Condition.SHOWER),  # thunderstorm
        (99, Condition.SHOWER),
        (100, None),
    ],
)
def test_present_weather_code_gives_the_precipitation_word(code, condition):
    assert condition_from_present_weather(code) == condition


@pytest.mark.parametrize(
    "present_weather,cloud_amount,condition",
    [
        (71, 10, Condition.SNOW),  # precipitation first, whatever the clouds
        (61, 3, Condition.RAIN),
        (-9, 3, Condition.CLEAR),
        (None, 3, Condition.CLEAR),
        (10, 7, Condition.MOSTLY_CLOUDY),  # mist is not precipitation: clouds decide
        (None, None, None),  # neither: no word rather than a guess
    ],
)
def test_precipitation_comes_before_cloud_amount(present_weather, cloud_amount, condition):
    found = condition_for_station(present_weather=present_weather, cloud_amount=cloud_amount)
    assert found == condition


@pytest.mark.parametrize(
    "pty,sky,condition",
    [
        (0, 1, Condition.CLEAR),
        (0, 3, Condition.MOSTLY_CLOUDY),
        (0, 4, Condition.OVERCAST),
        (None, 4, Condition.OVERCAST),
        (0, 2, None),  # 구름조금 is no longer issued
        (0, None, None),
        (1, 1, Condition.RAIN),
        (2, 1, Condition.SLEET),
        (3, 4, Condition.SNOW),
        (4, 3, Condition.SHOWER),
        (5, 1, Condition.DRIZZLE),
        (6, 1, Condition.DRIZZLE_SNOW),
        (7, 4, Condition.SNOW_FLURRY),
    ],
)
def test_grid_fallback_puts_precipitation_type_before_sky(pty, sky, condition):
    assert condition_from_grid(pty=pty, sky=sky) == condition


@pytest.mark.parametrize(
    "value,text",
    [
        ("-8.1", "-8.1℃"),
        ("4.2", "4.2℃"),
        ("-0.0", "0.0℃"),
        ("-0.04", "0.0℃"),
        ("0", "0.0℃"),
        ("12", "12.0℃"),
        ("0.05", "0.1℃"),
        (Decimal("-12.3"), "-12.3℃"),
    ],
)
def test_temperature_has_one_decimal_and_no_negative_zero(value, text):
    assert format_temperature(value) == text


def test_conditions_are_ascii_codes_labelled_with_the_ticker_words():
    assert dict(Condition.choices) == {
        "clear": "맑음",
        "partly_cloudy": "구름조금",
        "mostly_cloudy": "구름많음",
        "overcast": "흐림",
        "rain": "비",
        "sleet": "비/눈",
        "snow": "눈",
        "shower": "소나기",
        "drizzle": "빗방울",
        "drizzle_snow": "빗방울눈날림",
        "snow_flurry": "눈날림",
        "fog": "안개",
    }


def test_ticker_text_is_the_word_for_the_code_then_name_and_temperature():
    text = ticker_text(condition="clear", name="동두천", temp=Decimal("-8.1"))
    assert text == "맑음 동두천 -8.1℃"
    assert ticker_text(condition=Condition.SLEET, name="고창", temp="-1.5") == "비/눈 고창 -1.5℃"
    assert ticker_text(condition="", name="강진군", temp=Decimal("0.3")) == "강진군 0.3℃"


def test_a_value_that_is_no_code_is_shown_as_it_is():
    # As get_condition_display() would: a row cached before the recoding still reads the same.
    assert condition_label("맑음") == "맑음"
    assert condition_label("") == ""
