from io import StringIO

import pytest
from django.core.management import call_command
from django.template import Context, Template

from weather.models import Observation

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_ticker_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--no-accounts", stdout=StringIO())
        call_command("seed_demo", "--no-accounts", stdout=StringIO())
    assert Observation.objects.count() == 16
    assert set(Observation.objects.values_list("source", flat=True)) == {"desk"}
    html = Template("{% load weather %}{% weather_ticker %}").render(Context())
    assert html.count('class="weather-item"') == 16
    assert "맑음 동두천 -8.1℃" in html
