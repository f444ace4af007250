from decimal import Decimal

import pytest

from weather.conditions import (
    condition_for_station,
    condition_from_cloud_amount,
    condition_from_grid,
    condition_from_present_weather,
    format_temperature,
    ticker_text,
)


@pytest.mark.parametrize(
    "tenths,word",
    [
        (0, "맑음"),
        (5, "맑음"),
        (6, "구름많음"),
        (8, "구름많음"),
        (9, "흐림"),
        (10, "흐림"),
        (None, None),
        (-9, None),
        (11, None),
    ],
)
def test_three_step_cloud_scale_is_the_default(tenths, word):
    assert condition_from_cloud_amount(tenths) == word


@pytest.mark.parametrize(
    "tenths,word",
    [
        (0, "맑음"),
        (2, "맑음"),
        (3, "구름조금"),
        (5, "구름조금"),
        (6, "구름많음"),
        (8, "구름많음"),
        (9, "흐림"),
        (10, "흐림"),
        (None, None),
    ],
)
def test_four_step_cloud_scale_adds_partly_cloudy(tenths, word):
    assert condition_from_cloud_amount(tenths, scheme="4step") == word


def test_an_unknown_cloud_scale_is_refused():
    with pytest.raises(ValueError, match="5step"):
        condition_from_cloud_amount(3, scheme="5step")


@pytest.mark.parametrize(
    "code,word",
    [
        (None, None),
        (0, None),
        (10, None),  # mist: not precipitation
        (49, None),  # fog: not precipitation (안개 stays off by default)
        (50, "비"),  # drizzle
        (59, "비"),
        (60, "비"),
        (67, "비"),  # freezing rain
        (68, "비/눈"),
        (69, "비/눈"),
        (70, "눈"),
        (79, "눈"),
        (80, "소나기"),
        (82, "소나기"),
        (83, "비/눈"),
        (84, "비/눈"),
        (85, "눈"),
        (86, "눈"),
        (87, "소나기"),
        (95, "소나기"),  # thunderstorm
        (99, "소나기"),
        (100, None),
    ],
)
def test_present_weather_code_gives_the_precipitation_word(code, word):
    assert condition_from_present_weather(code) == word


@pytest.mark.parametrize(
    "present_weather,cloud_amount,word",
    [
        (71, 10, "눈"),  # precipitation first, whatever the clouds
        (61, 3, "비"),
        (-9, 3, "맑음"),
        (None, 3, "맑음"),
        (10, 7, "구름많음"),  # mist is not precipitation: clouds decide
        (None, None, None),  # neither: no word rather than a guess
    ],
)
def test_precipitation_comes_before_cloud_amount(present_weather, cloud_amount, word):
    assert condition_for_station(present_weather=present_weather, cloud_amount=cloud_amount) == word


@pytest.mark.parametrize(
    "pty,sky,word",
    [
        (0, 1, "맑음"),
        (0, 3, "구름많음"),
        (0, 4, "흐림"),
        (None, 4, "흐림"),
        (0, 2, None),  # 구름조금 is no longer issued
        (0, None, None),
        (1, 1, "비"),
        (2, 1, "비/눈"),
        (3, 4, "눈"),
        (4, 3, "소나기"),
        (5, 1, "빗방울"),
        (6, 1, "빗방울눈날림"),
        (7, 4, "눈날림"),
    ],
)
def test_grid_fallback_puts_precipitation_type_before_sky(pty, sky, word):
    assert condition_from_grid(pty=pty, sky=sky) == word


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


def test_ticker_text_is_word_name_temperature():
    assert ticker_text(condition="맑음", name="동두천", temp=Decimal("-8.1")) == "맑음 동두천 -8.1℃"
    assert ticker_text(condition="", name="강진군", temp=Decimal("0.3")) == "강진군 0.3℃"
