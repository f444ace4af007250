"""What readers see of the weather, registered once with the page cache (newsroom.pagecache):
any change to a station or an observation retires the ticker, and nothing else."""

from django.conf import settings
from django.template.loader import render_to_string

from newsroom import pagecache

from .models import Observation, Station
from .templatetags.weather import weather_ticker


def register():
    for model in (Station, Observation):
        pagecache.register(model, scopes=lambda row: ("weather",))


@pagecache.register_box(
    "ticker", scopes=lambda: ("weather",), timeout=settings.WEATHER_TICKER_CACHE_SECONDS
)
def ticker(current):
    """The masthead's ticker. Kept no longer than WEATHER_TICKER_CACHE_SECONDS, so an
    observation turns stale on the ticker in time without a change."""
    return render_to_string("weather/tags/ticker.html", weather_ticker())
