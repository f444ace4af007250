"""Data migrations of the weather app, run for real: back to the state before, rows as they were
stored then, and forward again. Transactional: the database is flushed after each test."""

from datetime import datetime, timedelta
from importlib import import_module

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template

from weather import kma
from weather.models import Condition, Observation

from .conftest import FIXTURES

NOW = datetime(2025, 1, 15, 9, 20, tzinfo=kma.KST)
NINE = datetime(2025, 1, 15, 9, 0, tzinfo=kma.KST)
WORDS_STORED = ("weather", "0003_desk_permissions")
CODES_STORED = ("weather", "0004_observation_condition_codes")
# Every word the ticker printed before conditions were codes, in Condition's order.
WORDS = [
    "맑음",
    "구름조금",
    "구름많음",
    "흐림",
    "비",
    "비/눈",
    "눈",
    "소나기",
    "빗방울",
    "빗방울눈날림",
    "눈날림",
    "안개",
]


def migrate(target):
    """Migrate to target; return the models as they were at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def words_stored():
    """The database as it was before 0004 (with the reference stations, which an earlier
    transactional test's flush may have taken), put back to the newest state afterwards."""
    apps = migrate(WORDS_STORED)
    import_module("weather.migrations.0002_reference_stations").create_stations(apps, None)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def store_every_word(apps):
    """The rows of ticker_every_condition.html, as 0003 stored them: Korean words."""
    Station = apps.get_model("weather", "Station")
    Observation = apps.get_model("weather", "Observation")
    stations = list(Station.objects.order_by("position", "stn_id"))
    rows = [(station, word, NINE, "-0.0") for station, word in zip(stations, WORDS, strict=False)]
    rows += [
        (stations[12], "", NINE - timedelta(hours=4), "12.35"),
        (stations[13], "비/눈", NINE - timedelta(hours=5), "3"),
    ]
    for station, word, observed_at, temperature in rows:
        Observation.objects.create(
            station=station,
            observed_at=observed_at,
            temperature=temperature,
            condition=word,
            source="kma",
        )


def conditions(apps):
    Observation = apps.get_model("weather", "Observation")
    return list(
        Observation.objects.order_by("station__position", "station__stn_id").values_list(
            "condition", flat=True
        )
    )


@pytest.mark.django_db(transaction=True)
def test_stored_condition_words_become_codes_and_back(words_stored):
    store_every_word(words_stored)
    assert conditions(words_stored) == [*WORDS, "", "비/눈"]

    codes_stored = migrate(CODES_STORED)
    assert conditions(codes_stored) == [*Condition.values, "", "sleet"]
    assert [Condition(code).label for code in Condition.values] == WORDS

    assert conditions(migrate(WORDS_STORED)) == [*WORDS, "", "비/눈"]


@pytest.mark.django_db(transaction=True)
def test_the_ticker_prints_the_same_after_the_recoding(words_stored):
    store_every_word(words_stored)
    migrate(CODES_STORED)
    with time_machine.travel(NOW, tick=False):
        html = Template("{% load weather %}{% weather_ticker %}").render(Context())
    assert html == (FIXTURES / "ticker_every_condition.html").read_text(encoding="utf-8")
    assert set(Observation.objects.values_list("condition", flat=True)) <= {"", *Condition}
