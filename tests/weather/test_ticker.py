"""The masthead's ticker: stored data only, reference order, staleness, one query or a cache hit."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import SiteSettings
from newsroom import inline, pagecache
from newsroom.pagecache import Reading, forget_kept
from tests.factories import make_article, make_observation
from weather import kma
from weather.models import Condition, Observation, Station
from weather.services import observations_seed_demo

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 1, 15, 9, 20, tzinfo=kma.KST)
NINE = datetime(2025, 1, 15, 9, 0, tzinfo=kma.KST)
REFERENCE = [
    ("동두천", 98),
    ("강릉", 105),
    ("서울", 108),
    ("대전", 133),
    ("대구", 143),
    ("울산", 152),
    ("광주", 156),
    ("부산", 159),
    ("고창", 172),
    ("제주", 184),
    ("강화", 201),
    ("보은", 226),
    ("금산", 238),
    ("강진군", 259),
    ("경주시", 283),
    ("거제", 294),
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def render() -> str:
    return Template("{% load weather %}{% weather_ticker %}").render(Context())


def items(html: str) -> list[str]:
    found = re.findall(r"<li class=\"weather-item[^\"]*\"[^>]*>(.*?)</li>", html)
    return [re.sub(r"<[^>]+>", "", item) for item in found]


def station(name):
    return Station.objects.get(name=name)


def test_migration_creates_the_sixteen_reference_stations_in_order():
    stations = Station.objects.all()
    assert [(s.name, s.stn_id) for s in stations] == REFERENCE
    assert all(s.active and s.has_grid for s in stations)
    assert (station("서울").nx, station("서울").ny) == (60, 127)


def test_each_station_reads_word_name_temperature_in_reference_order():
    observations_seed_demo(now=NOW + timedelta(hours=1))  # stored for 09:00
    html = render()
    assert items(html) == [
        "맑음 동두천 -8.1℃",
        "맑음 강릉 -1.2℃",
        "맑음 서울 -5.3℃",
        "맑음 대전 -4.0℃",
        "구름많음 대구 -2.7℃",
        "구름많음 울산 0.4℃",
        "구름많음 광주 -0.9℃",
        "맑음 부산 2.1℃",
        "눈 고창 -1.5℃",
        "흐림 제주 4.2℃",
        "맑음 강화 -6.8℃",
        "맑음 보은 -9.4℃",
        "흐림 금산 -7.7℃",
        "강진군 0.3℃",
        "구름많음 경주시 -3.6℃",
        "흐림 거제 1.9℃",
    ]
    assert "기상청 제공" in html
    assert '<time class="weather-time" datetime="2025-01-15T09:00:00+09:00">09:00</time>' in html
    assert 'title="1월 15일 09:00 관측"' in html


def test_the_ticker_html_for_the_kma_sample_is_unchanged_byte_for_byte(
    kma_server, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_weather", verbosity=0)
    assert render() == (FIXTURES / "ticker_sfctm2_ok.html").read_text(encoding="utf-8")


def test_every_condition_prints_the_word_it_always_printed():
    stations = list(Station.objects.all())
    for place, condition in zip(stations, Condition, strict=False):
        make_observation(place, observed_at=NINE, temperature="-0.0", condition=condition)
    make_observation(
        stations[12], observed_at=NINE - timedelta(hours=4), temperature="12.35", condition=""
    )
    make_observation(
        stations[13],
        observed_at=NINE - timedelta(hours=5),
        temperature="3",
        condition=Condition.SLEET,
    )
    assert render() == (FIXTURES / "ticker_every_condition.html").read_text(encoding="utf-8")


def test_the_newest_observation_of_each_station_is_shown():
    make_observation(station("서울"), observed_at=NINE - timedelta(hours=1), temperature="-6.0")
    make_observation(station("서울"), observed_at=NINE, temperature="-5.3")
    assert items(render()) == ["맑음 서울 -5.3℃"]


def test_negative_zero_prints_as_zero():
    make_observation(station("서울"), observed_at=NINE, temperature="-0.0", condition="흐림")
    assert items(render()) == ["흐림 서울 0.0℃"]


def test_an_inactive_station_is_left_out():
    make_observation(station("서울"), observed_at=NINE)
    make_observation(station("제주"), observed_at=NINE)
    Station.objects.filter(name="제주").update(active=False)
    assert items(render()) == ["맑음 서울 1.5℃"]


def test_desk_order_decides_the_order():
    make_observation(station("동두천"), observed_at=NINE)
    make_observation(station("거제"), observed_at=NINE)
    Station.objects.filter(name="거제").update(position=1)
    assert items(render()) == ["맑음 거제 1.5℃", "맑음 동두천 1.5℃"]


@pytest.mark.parametrize(
    "age,shown,stale",
    [
        (timedelta(minutes=20), True, False),
        (timedelta(hours=3), True, False),
        (timedelta(hours=3, minutes=1), True, True),
        (timedelta(hours=24), True, True),
        (timedelta(hours=24, minutes=1), False, False),
    ],
)
def test_old_observations_are_muted_then_left_out(age, shown, stale):
    observed_at = NOW - age
    make_observation(station("서울"), observed_at=observed_at)
    html = render()
    assert bool(items(html)) == shown
    assert ("is-stale" in html) == stale
    if stale:
        assert f'<small class="weather-time">({observed_at:%H:%M})</small>' in html


def test_stale_and_hide_ages_are_settings(settings):
    settings.WEATHER_STALE_AFTER_MINUTES = 30
    settings.WEATHER_HIDE_AFTER_HOURS = 1
    make_observation(station("서울"), observed_at=NOW - timedelta(minutes=40))
    make_observation(station("제주"), observed_at=NOW - timedelta(minutes=61))
    html = render()
    assert items(html) == ["맑음 서울 1.5℃ (08:40)"]
    assert "is-stale" in html


def test_with_no_data_only_the_credit_is_left():
    html = render()
    assert items(html) == []
    assert "<ul" not in html
    assert "기상청 제공" in html
    assert "관측 ·" not in html


def test_only_stale_data_shows_no_current_time():
    make_observation(station("서울"), observed_at=NOW - timedelta(hours=5))
    html = render()
    assert "관측 ·" not in html and "is-stale" in html


def ticker_box(reading=None) -> str:
    """The ticker as pages get it: the box the page cache keeps under the weather version."""
    request = RequestFactory().get("/")
    request.page_cache = reading or Reading.now()
    return pagecache.box(request, "ticker")


def test_one_query_whatever_the_history_then_a_kept_box(django_assert_num_queries):
    stations = list(Station.objects.all())
    Observation.objects.bulk_create(
        Observation(
            station=s, observed_at=NINE - timedelta(hours=h), temperature="1.0", source="kma"
        )
        for s in stations
        for h in range(48)
    )
    reading = Reading.now()
    with django_assert_num_queries(1):
        assert len(items(ticker_box(reading))) == 16
    with django_assert_num_queries(0):
        assert len(items(ticker_box(reading))) == 16


def test_the_box_is_rebuilt_when_an_observation_is_stored():
    make_observation(station("서울"), observed_at=NINE - timedelta(hours=1), temperature="-6.0")
    assert items(ticker_box()) == ["맑음 서울 -6.0℃"]
    make_observation(station("서울"), observed_at=NINE, temperature="-5.3")
    assert items(ticker_box()) == ["맑음 서울 -5.3℃"]


def test_the_box_is_rebuilt_when_the_desk_deletes_a_station():
    make_observation(station("서울"), observed_at=NINE)
    assert len(items(ticker_box())) == 1
    Station.objects.filter(name="서울").delete()  # the admin's bulk delete: one signal a row
    assert items(ticker_box()) == []


def test_a_fetch_replaces_the_kept_ticker(kma_server):
    from django.core.management import call_command

    assert items(ticker_box()) == []
    kma_server.reply(kma.SFCTM2, "sfctm2_ok.txt")
    call_command("fetch_weather", verbosity=0)
    assert len(items(ticker_box())) == 16


def test_rendering_never_calls_kma(kma_server):
    make_observation(station("서울"), observed_at=NINE)
    render()
    ticker_box()
    assert kma_server.requests == []


@pytest.mark.parametrize("count", [3, 60])
def test_home_page_pays_one_query_for_a_full_ticker(client, settings, count):
    settings.PAGE_CACHE_SECONDS = 0  # render every request, so the ticker's own cost shows
    for _ in range(count):
        make_article()
    SiteSettings.load()
    home = reverse("articles:home")
    cache.clear()
    with CaptureQueriesContext(connection) as empty:
        client.get(home)
    observations_seed_demo(now=NOW + timedelta(hours=1))
    cache.clear()  # the ranking's ids too: both requests start from nothing
    forget_kept()
    with CaptureQueriesContext(connection) as full:
        html = client.get(home).content.decode()
    assert len(full) == len(empty)  # 16 stations cost what an empty ticker costs
    assert "맑음 동두천 -8.1℃" in html
    ticker_queries = [q for q in full.captured_queries if "weather_observation" in q["sql"]]
    assert len(ticker_queries) == 1
    pagecache.changed(["lists"])  # an article went live: the lists are rebuilt, not the ticker
    with CaptureQueriesContext(connection) as again:
        assert "맑음 동두천 -8.1℃" in client.get(home).content.decode()
    assert not [q for q in again.captured_queries if "weather_observation" in q["sql"]]


def test_page_markup_has_no_inline_script_or_style(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    observations_seed_demo(now=NOW + timedelta(hours=1))
    html = client.get(reverse("articles:home")).content.decode()
    ticker = html[html.index('<section class="weather-ticker"') : html.index("</section>")]
    assert "style=" not in ticker and "<script" not in ticker
    # Its script is in the page's one <script>, which the policy allows by its hash.
    assert f"<script>{inline.js()}</script>" in html and "data-weather-ticker" in inline.js()
