"""The desk manages stations and enters or corrects observations by hand in the admin."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.urls import reverse

from tests.factories import make_editor, make_observation, make_reporter_user
from weather import kma
from weather.models import Condition, FetchRun, Observation, Station

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 1, 15, 9, 20, tzinfo=kma.KST)
NINE = datetime(2025, 1, 15, 9, 0, tzinfo=kma.KST)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk(client):
    client.force_login(make_editor())
    return client


def ticker() -> str:
    return Template("{% load weather %}{% weather_ticker %}").render(Context())


def form(station, when, temperature, condition=""):
    return {
        "station": station.pk,
        "observed_at_0": f"{when:%Y-%m-%d}",
        "observed_at_1": f"{when:%H:%M:%S}",
        "temperature": temperature,
        "condition": condition,
    }


def test_the_desk_group_may_manage_weather():
    perms = set(Group.objects.get(name="데스크").permissions.values_list("codename", flat=True))
    assert {"change_station", "add_observation", "change_observation"} <= perms
    assert "add_fetchrun" not in perms


def test_desk_enters_an_observation_by_hand_and_the_ticker_shows_it(
    desk, django_capture_on_commit_callbacks
):
    seoul = Station.objects.get(name="서울")
    make_observation(seoul, observed_at=NINE, temperature="-5.3")
    assert "맑음 서울 -5.3℃" in ticker()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("admin:weather_observation_add"),
            form(seoul, NINE + timedelta(minutes=15), "-4.8", "overcast"),
        )
    assert response.status_code == 302
    entry = Observation.objects.get(observed_at=NINE + timedelta(minutes=15))
    assert (entry.source, entry.fetched_at) == ("desk", NOW)
    assert "흐림 서울 -4.8℃" in ticker()


def test_correcting_a_kma_value_makes_it_a_desk_entry(desk, django_capture_on_commit_callbacks):
    seoul = Station.objects.get(name="서울")
    obs = make_observation(seoul, observed_at=NINE, temperature="-5.3")
    ticker()
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("admin:weather_observation_change", args=[obs.pk]),
            form(seoul, NINE, "-3.0", "mostly_cloudy"),
        )
    assert response.status_code == 302
    obs.refresh_from_db()
    assert (obs.temperature, obs.condition, obs.source) == (-3, Condition.MOSTLY_CLOUDY, "desk")
    assert "구름많음 서울 -3.0℃" in ticker()


def test_the_desk_picks_a_word_and_the_row_keeps_its_code(desk):
    form_html = desk.get(reverse("admin:weather_observation_add")).content.decode()
    assert '<option value="sleet">비/눈</option>' in form_html
    assert '<option value="partly_cloudy">구름조금</option>' in form_html
    make_observation(Station.objects.get(name="서울"), observed_at=NINE, condition="snow")
    url = reverse("admin:weather_observation_changelist")
    listing = desk.get(url).content.decode()
    assert '<td class="field-condition">눈</td>' in listing
    assert '<a href="?condition__exact=snow">눈</a>' in listing  # the filter: word shown, code sent
    assert desk.get(url, {"condition__exact": "snow"}).context["cl"].result_count == 1
    assert desk.get(url, {"condition__exact": "clear"}).context["cl"].result_count == 0


def test_a_second_value_for_the_same_station_and_time_is_refused(desk):
    seoul = Station.objects.get(name="서울")
    make_observation(seoul, observed_at=NINE)
    response = desk.post(reverse("admin:weather_observation_add"), form(seoul, NINE, "1.0"))
    assert response.status_code == 200
    assert "이 지점의 같은 시각 관측값이 이미 있습니다" in response.content.decode()


def test_a_time_in_the_future_is_refused(desk):
    seoul = Station.objects.get(name="서울")
    url = reverse("admin:weather_observation_add")
    response = desk.post(url, form(seoul, NOW + timedelta(hours=2), "1.0"))
    assert "앞으로의 시각은 관측 시각이 될 수 없습니다" in response.content.decode()
    assert not Observation.objects.exists()


def test_an_impossible_temperature_is_refused(desk):
    seoul = Station.objects.get(name="서울")
    response = desk.post(reverse("admin:weather_observation_add"), form(seoul, NINE, "85"))
    assert response.status_code == 200
    assert not Observation.objects.exists()


def test_turning_a_station_off_takes_it_off_the_ticker(desk, django_capture_on_commit_callbacks):
    jeju = Station.objects.get(name="제주")
    make_observation(jeju, observed_at=NINE)
    assert "맑음 제주 1.5℃" in ticker()
    data = {
        "name": jeju.name,
        "stn_id": jeju.stn_id,
        "position": jeju.position,
        "nx": jeju.nx,
        "ny": jeju.ny,
        "active": "False",  # 숨김
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(reverse("admin:weather_station_change", args=[jeju.pk]), data)
    assert response.status_code == 302
    assert "제주" not in ticker()


def test_a_grid_cell_needs_both_coordinates(desk):
    jeju = Station.objects.get(name="제주")
    data = {"name": "제주", "stn_id": 184, "position": 1, "active": "True", "nx": 53, "ny": ""}
    response = desk.post(reverse("admin:weather_station_change", args=[jeju.pk]), data)
    assert "격자 X와 Y는 함께 입력하거나 함께 비워 두세요." in response.content.decode()


def test_admin_pages_open_for_the_desk(desk):
    make_observation(Station.objects.get(name="서울"), observed_at=NINE)
    FetchRun.objects.create(outcome="auth", message="인증키 오류: …")
    for name in ("station", "observation", "fetchrun"):
        response = desk.get(reverse(f"admin:weather_{name}_changelist"))
        assert response.status_code == 200, name
    assert desk.get(reverse("admin:weather_observation_add")).status_code == 200
    assert desk.get(reverse("admin:weather_fetchrun_add")).status_code == 403


def test_reporters_may_look_but_not_edit(client):
    user, _ = make_reporter_user()
    client.force_login(user)
    assert client.get(reverse("admin:weather_observation_changelist")).status_code == 200
    assert client.get(reverse("admin:weather_observation_add")).status_code == 403


def test_deleting_a_wrong_entry_brings_back_the_one_before(
    desk, django_capture_on_commit_callbacks
):
    seoul = Station.objects.get(name="서울")
    make_observation(seoul, observed_at=NINE - timedelta(hours=1), temperature="-6.0")
    wrong = make_observation(seoul, observed_at=NINE, temperature="35.0", source="desk")
    assert "맑음 서울 35.0℃" in ticker()
    url = reverse("admin:weather_observation_delete", args=[wrong.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert desk.post(url, {"post": "yes"}).status_code == 302
    assert "맑음 서울 -6.0℃" in ticker()
